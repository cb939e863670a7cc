"""The mxtorch command line: mxtorch run SCRIPT [ARGS]."""
