"""The benchmark (`lh bench`, `make bench`): speed, memory, scale and theme quality against peers."""
