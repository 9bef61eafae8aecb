"""Storage: the only code that writes Parquet and the manifest (:mod:`.writer`), and reads the
datasets back (:mod:`.datasets`)."""
