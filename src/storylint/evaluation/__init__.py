"""Measuring storylint against gold standards (PDNC for characters), outside the test suite.

Evaluations read corpora that are not shipped with the project; they are run
by hand or by `storylint eval`, never by the tests.
"""
