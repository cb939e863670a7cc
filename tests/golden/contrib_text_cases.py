"""mx.contrib.text: count_tokens_from_str, Vocabulary, and token embeddings read from small files the cases
write (no downloads)."""
# mx.contrib may not be imported by the package itself yet: import it by name
T = ("__import__(mx.__name__ + '.contrib.text')\nimport collections, os, warnings\nwarnings.simplefilter('ignore')\n"
     "text = mx.contrib.text\nE = text.embedding\n")
CNT = T + "c = collections.Counter(['b', 'a', 'c', 'c', 'b', 'd', 'c', 'e', 'e', 'b', 'f'])\n"
FILES = (T + "p1 = os.path.join(tmpdir, 'e1.txt')\n"
         "open(p1, 'w').write('a 0.1 0.2 0.3\\nb 0.4 0.5 0.6\\n<unk> 9 9 9\\nc 1 2 3\\nb 7 7 7\\nheader 5\\n')\n"
         "p2 = os.path.join(tmpdir, 'e2.txt')\n"
         "open(p2, 'w', encoding='utf8').write('3\\t2\\nx\\t1\\t2\\nc\\t3\\t4\\n\\u00e9t\\u00e9\\t-1\\t0.5\\n')\n"
         "e1 = E.CustomEmbedding(p1)\ne2 = E.CustomEmbedding(p2, elem_delim='\\t', init_unknown_vec=nd.ones)\n"
         "v = text.vocab.Vocabulary(collections.Counter(['c', 'c', 'a', 'zz', 'x', '\\u00e9t\\u00e9']), reserved_tokens=['<pad>'])\n")


def vocab_state(v):
    return "[{0}.idx_to_token, {0}.token_to_idx, len({0}), {0}.unknown_token, {0}.reserved_tokens]".format(v)


CASES = [
    # ---- count_tokens_from_str -------------------------------------------------------------------------------
    ('count_tokens', T + "result = dict(text.utils.count_tokens_from_str(' Life is great ! \\n life is good . \\n', ' ', '\\n', True))"),
    ('count_tokens_case', T + "result = dict(text.utils.count_tokens_from_str('A a B\\nb b', ' ', '\\n'))"),
    ('count_tokens_regex_update', T + "c = collections.Counter(['is'])\n"
                                      "r = text.utils.count_tokens_from_str('*Life*is*great*!*\\n*life*is*good*.*\\n', '\\\\*', '\\n', False, c)\n"
                                      "result = [dict(r), r is c]"),
    ('count_tokens_defaults', T + "result = dict(text.utils.count_tokens_from_str('x y  z\\n\\nx'))"),

    # ---- Vocabulary ----------------------------------------------------------------------------------------
    ('vocab_counter', CNT + "v = text.vocab.Vocabulary(c)\nresult = " + vocab_state('v')),
    ('vocab_most_freq', CNT + "v = text.vocab.Vocabulary(c, most_freq_count=3)\nresult = " + vocab_state('v')),
    ('vocab_min_freq', CNT + "v = text.vocab.Vocabulary(c, min_freq=2, unknown_token='<UNK>')\nresult = " + vocab_state('v')),
    ('vocab_reserved', CNT + "v = text.vocab.Vocabulary(c, most_freq_count=2, reserved_tokens=['<pad>', 'c'])\nresult = " + vocab_state('v')),
    ('vocab_unknown_in_counter', T + "v = text.vocab.Vocabulary(collections.Counter(['<unk>', '<unk>', 'a']))\nresult = " + vocab_state('v')),
    ('vocab_empty', T + "v = text.vocab.Vocabulary()\nresult = " + vocab_state('v')),
    ('vocab_int_tokens', T + "v = text.vocab.Vocabulary(collections.Counter([3, 1, 1, 2]), unknown_token=0, reserved_tokens=[9])\nresult = " + vocab_state('v')),
    ('vocab_to_indices', CNT + "v = text.vocab.Vocabulary(c)\nresult = [v.to_indices('c'), v.to_indices(['a', 'zz', 'e']), v.to_indices([]), v.to_indices(('a', 'b'))]"),
    ('vocab_to_tokens', CNT + "v = text.vocab.Vocabulary(c)\nresult = [v.to_tokens(1), v.to_tokens([0, 3, 6]), v.to_tokens(-1)]"),
    ('vocab_to_tokens_bad', CNT + "v = text.vocab.Vocabulary(c)\nresult = v.to_tokens(7)"),
    ('vocab_to_tokens_float', CNT + "v = text.vocab.Vocabulary(c)\nresult = v.to_tokens([1.0])"),
    ('vocab_bad_min_freq', CNT + "result = text.vocab.Vocabulary(c, min_freq=0)"),
    ('vocab_reserved_unknown', CNT + "result = text.vocab.Vocabulary(c, reserved_tokens=['<unk>'])"),
    ('vocab_reserved_duplicate', CNT + "result = text.vocab.Vocabulary(c, reserved_tokens=['x', 'x'])"),
    ('vocab_dict_counter', T + "result = text.vocab.Vocabulary({'a': 1})"),

    # ---- embeddings from files ----------------------------------------------------------------------------
    ('custom_embedding', FILES + "result = [e1.idx_to_token, e1.token_to_idx, e1.idx_to_vec, e1.vec_len, len(e1)]"),
    ('custom_embedding_tab_header_init', FILES + "result = [e2.idx_to_token, e2.idx_to_vec, e2.vec_len]"),
    ('custom_embedding_vocabulary', FILES + "e = E.CustomEmbedding(p1, vocabulary=v)\nresult = [e.idx_to_token, e.idx_to_vec, e.reserved_tokens, e.unknown_token]"),
    ('composite_embedding', FILES + "e = E.CompositeEmbedding(v, [e1, e2])\nresult = [e.idx_to_token, e.idx_to_vec, e.vec_len, len(e)]"),
    ('composite_embedding_single', FILES + "e = E.CompositeEmbedding(v, e2)\nresult = [e.idx_to_vec, e.get_vecs_by_tokens(['x', 'zz'])]"),
    ('get_vecs_by_tokens', FILES + "result = [e1.get_vecs_by_tokens('b'), e1.get_vecs_by_tokens(['A', 'c', 'nope']), "
                                   "e1.get_vecs_by_tokens('A', lower_case_backup=True), e1.get_vecs_by_tokens(['C', 'b'], True)]"),
    ('update_token_vectors', FILES + "e1.update_token_vectors('a', nd.array([5, 5, 5]))\n"
                                     "e1.update_token_vectors(['<unk>', 'c'], nd.array([[1, 1, 1], [2, 2, 2]]))\n"
                                     "e1.update_token_vectors(['b'], nd.array([[3, 3, 3]]))\nresult = e1.idx_to_vec"),
    ('update_unknown_token', FILES + "result = e1.update_token_vectors('zz', nd.array([5, 5, 5]))"),
    ('update_bad_shape', FILES + "result = e1.update_token_vectors('a', nd.array([5, 5]))"),
    ('update_bad_rank', FILES + "result = e1.update_token_vectors(['a', 'b'], nd.array([5, 5, 5]))"),
    ('update_keeps_state', FILES + "try:\n    e1.update_token_vectors(['a', 'zz'], nd.array([[5, 5, 5], [6, 6, 6]]))\nexcept ValueError:\n    pass\nresult = e1.idx_to_vec"),
    ('custom_embedding_missing_file', T + "result = E.CustomEmbedding(os.path.join(tmpdir, 'none.txt'))"),
    ('custom_embedding_bad_dims', T + "p = os.path.join(tmpdir, 'bad.txt')\nopen(p, 'w').write('a 1 2\\nb 1 2 3\\n')\nresult = E.CustomEmbedding(p)"),
    ('custom_embedding_one_column', T + "p = os.path.join(tmpdir, 'bad.txt')\nopen(p, 'w').write('a 1 2\\nb\\n')\nresult = E.CustomEmbedding(p)"),
    ('composite_bad_vocab', FILES + "result = E.CompositeEmbedding('v', e1)"),
    ('composite_bad_embedding', FILES + "result = E.CompositeEmbedding(v, [e1, 'x'])"),

    # ---- registry and pre-trained names (no downloads) ----------------------------------------------------
    ('pretrained_names', T + "n = E.get_pretrained_file_names()\nresult = [sorted(n), n['glove'], len(n['fasttext']), n['fasttext'][:5], "
                             "E.get_pretrained_file_names('fasttext')[-3:]]"),
    ('pretrained_names_bad', T + "result = E.get_pretrained_file_names('word2vec')"),
    ('pretrained_urls', T + "result = [E.GloVe._get_pretrained_file_url(f) for f in E.get_pretrained_file_names('glove')] + "
                            "[E.FastText._get_pretrained_file_url(f) for f in ('wiki.simple.vec', 'crawl-300d-2M.vec', 'wiki.zh.vec')]"),
    ('glove_bad_name', T + "result = E.GloVe('glove.nope.txt')"),
    ('fasttext_bad_name', T + "result = E.create('fasttext', pretrained_file_name='nope.vec')"),
    ('create_unknown', T + "result = E.create('word2vec')"),
    ('glove_local_file', T + "d = os.path.join(tmpdir, 'glove')\nos.makedirs(d)\n"
                             "import hashlib\n"
                             "# a file of the right name but the wrong content is not used as it is: MXNet tries to download\n"
                             "open(os.path.join(d, 'glove.6B.50d.txt'), 'w').write('a 1 2\\n')\n"
                             "os.environ['MXNET_GLUON_REPO'] = 'file://' + tmpdir + '/nothing/'\n"
                             "try:\n    E.GloVe('glove.6B.50d.txt', embedding_root=tmpdir)\n    result = 'loaded'\n"
                             "except Exception as e:\n    result = 'failed'\nfinally:\n    del os.environ['MXNET_GLUON_REPO']"),
]
