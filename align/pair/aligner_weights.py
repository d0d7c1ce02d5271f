"""Weights of the aligner's bead scorer (see ``align/aligner.py``).

Written by ``benchmarks/fit_aligner.py`` from MAC-Dev (an averaged structured
perceptron, 30 epochs); do not edit by hand."""
WEIGHTS = {
    'type_0_1': -4.3747,
    'type_1_0': -0.852552,
    'type_1_1': 0.284033,
    'type_1_2': 0.158177,
    'type_1_3': -0.0681215,
    'type_1_4': -0.194381,
    'type_1_5': -0.645465,
    'type_2_1': 0.157168,
    'type_2_2': -0.0443218,
    'type_2_3': -0.114057,
    'type_2_4': -0.435403,
    'type_3_1': -0.309748,
    'type_3_2': -0.0842568,
    'type_3_3': -0.331985,
    'cos': 1,
    'cos_hub': 1.08433,
    'lex': 0.692076,
    'num': 0.499843,
    'num_any': 0.100896,
    'len_dev': -0.633789,
    'len_dev2': -0.503512,
    'weak': 0.0962831,
    'cos_x': 1.04093,
    'lex_x': 0.89809,
    'weak_x': 0.614918,
    'weak_lex': 0.553313,
    'weak_lex_x': 0.858138,
    'om_best': -0.587055,
    'om_best_rel': -0.300808,
    'om_best_lex': -0.222188,
    'om_loglen': -1.71415,
    'add_best': -2.15601,
    'add_best_rel': -0.0182808,
    'add_best_lex': -0.511573,
    'add_loglen': -18.7035,
}


# The omission pass (``split_edges``): a logistic model over ``EDGE_FEATURES``,
# fitted on MAC-Dev with synthetic omissions, and its log-odds threshold.
OMIT_MODEL = {'bias': -8.0094, 'weights': {
    'gain': 24.2542,
    'lex': -1.43841,
    'lex_rest': 1.93303,
    'lex_gap': 2.01481,
    'cos_e': -3.83888,
    'cos_rest': -1.91917,
    'elsewhere': 5.11462,
    'len_gain': 3.52694,
    'num_missing': 0.227524,
    'num_found': -0.630216,
    'delta': -0.881974,
}}
OMIT_THRESHOLD = -0.25


# The second omission pass (``split_edges``, any source sentence): a logistic
# model over ``ANY_FEATURES``, fitted on MAC-Dev with realistic synthetic
# omissions, and its log-odds threshold.
OMIT_ANY_MODEL = {'bias': -3.25605, 'weights': {
    'margin': -2.24229,
    'margin_rel': -7.49381,
    'best': -5.47893,
    'best_rel': 9.19877,
    'best_lex': 8.82354,
    'loglen': 7.23348,
    'lex_here': -1.5292,
    'cos_here': -8.75416,
    'quote_gap': -0.751006,
}}
OMIT_ANY_THRESHOLD = -0.75
