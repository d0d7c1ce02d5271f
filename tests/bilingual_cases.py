"""Constructed Chinese paragraphs and their English translations, written for
the parallel-page and document-pairing tests (no text from the seed pages or
any crawl). ``PAIRS`` are translations of each other; ``UNRELATED`` are
English paragraphs on neighbouring topics that translate none of them."""

PAIRS = [
    ("3月18日，集团召开2024年安全生产工作会议。会议总结了去年的安全生产情况，部署了今年的重点任务。",
     "On March 18, the Group held its 2024 work safety conference. The meeting reviewed last "
     "year's work safety performance and set out the key tasks for this year."),
    ("公司董事长李建国强调，各单位要压实安全责任，加强隐患排查，确保全年不发生重大事故。",
     "Li Jianguo, chairman of the company, stressed that every unit must fulfil its safety "
     "responsibilities, step up the search for hidden hazards and make sure that no major "
     "accident occurs during the year."),
    ("今年一季度，港口完成货物吞吐量1250万吨，同比增长8.6%。集装箱吞吐量达到36万标准箱。",
     "In the first quarter of this year, the port handled 12.5 million tons of cargo, up 8.6% "
     "year on year. Container throughput reached 360,000 TEU."),
    ("新建的污水处理厂日处理能力为5万吨，将改善周边三个乡镇的水环境。",
     "The new sewage treatment plant can treat 50,000 tons a day and will improve the water "
     "environment of three nearby townships."),
    ("5月10日上午，市委副书记王海燕一行到我公司调研，实地察看了生产车间和研发中心。",
     "On the morning of May 10, Wang Haiyan, deputy secretary of the municipal Party committee, "
     "led a delegation to our company and visited the production workshop and the research "
     "and development centre."),
    ("学校今年共招收新生1800名，其中来自农村地区的学生占四成。",
     "The school admitted 1,800 new students this year, 40 percent of them from rural areas."),
    ("为了方便老年人出行，公交公司在十二条线路上投放了低地板电动公交车。",
     "To make travel easier for older people, the bus company has put low-floor electric buses "
     "into service on twelve routes."),
    ("据统计，全市去年植树造林面积达到3.2万亩，森林覆盖率提高到45.3%。",
     "According to statistics, the city planted 32,000 mu of new forest last year, raising its "
     "forest coverage to 45.3%."),
    ("活动期间，志愿者们为社区居民提供了免费体检、法律咨询和家电维修等服务。",
     "During the event, volunteers offered residents of the community free health checks, legal "
     "advice and repairs of household appliances."),
    ("该项目总投资约15亿元，预计2026年底建成投产，投产后可新增就业岗位2000个。",
     "The project involves a total investment of about 1.5 billion yuan and is expected to go "
     "into operation at the end of 2026, creating 2,000 new jobs."),
    ("图书馆新开设了儿童阅读区，周末还将举办亲子读书会。",
     "The library has opened a new reading area for children and will hold parent-child reading "
     "sessions at weekends."),
    ("受强降雨影响，部分路段出现积水，交警部门已安排警力疏导交通。",
     "Heavy rain left water standing on some roads, and the traffic police have sent officers to "
     "direct the traffic."),
]

UNRELATED = [
    "The company also signed a cooperation agreement with a logistics firm from Shenzhen on "
    "cold-chain transport.",
    "Staff of the finance department attended a two-day training course on the new accounting "
    "standards.",
    "The museum will close for renovation in July and reopen to visitors next spring.",
    "Farmers in the valley have begun harvesting tea, and prices are slightly higher than last "
    "year.",
    "The football team won the provincial championship after a penalty shoot-out in the final.",
    "A new direct flight links the city with Chengdu three times a week.",
]
