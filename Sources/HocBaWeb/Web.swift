import HocBaStore
