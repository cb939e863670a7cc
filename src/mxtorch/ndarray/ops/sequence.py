"""Sequence operators: SequenceMask, SequenceLast, SequenceReverse."""
