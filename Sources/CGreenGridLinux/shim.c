// Intentionally empty: the target exists to expose system headers (see include/).
