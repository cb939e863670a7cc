"""Indexing operators: take, pick, one_hot, gather_nd, scatter_nd, batch_take, boolean_mask, where."""
