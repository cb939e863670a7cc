"""mx.gluon.contrib.data: IntervalSampler's order and WikiText2/WikiText103 read from small local segment
files (samples, vocabulary, counts, seq_len cut, segments). MXNet re-downloads a local segment whose sha1
is not the published one, so for these generated files the cases turn its sha1 check off while the
dataset is built (mxtorch reads local copies as they are and never calls it on that path)."""
_CORPUS = (" = Valkyria Chronicles = \n\n the game is a game of the war . \n\n\n"
           " the war began in the north ; the game ended . \n tactical role @-@ playing game \n")
_VALID = " the north game \n\n war of the game is new \n"


def _wikitext(cls, ctor_args, read):
    return ("import os\n"
            "T = mx.gluon.contrib.data.text\n"
            "for name, body in (('wiki.train.tokens', " + repr(_CORPUS) + "),\n"
            "                   ('wiki.valid.tokens', " + repr(_VALID) + "),\n"
            "                   ('wiki.test.tokens', '')):\n"
            "    with open(os.path.join(tmpdir, name), 'w', encoding='utf8') as f:\n"
            "        f.write(body)\n"
            "saved = T.check_sha1\n"
            "T.check_sha1 = lambda *args: True\n"
            "try:\n"
            "    ds = T." + cls + "(root=tmpdir" + ctor_args + ")\n"
            "    result = " + read + "\n"
            "finally:\n"
            "    T.check_sha1 = saved\n")


_SAMPLES = "[len(ds)] + [ds[i] for i in range(len(ds))]"

CASES = [
    ('interval_rollover', "list(mx.gluon.contrib.data.IntervalSampler(13, interval=3))"),
    ('interval_no_rollover', "list(mx.gluon.contrib.data.IntervalSampler(13, interval=3, rollover=False))"),
    ('interval_len', "[len(mx.gluon.contrib.data.IntervalSampler(13, 3, rollover=r)) for r in (True, False)]"),
    ('interval_one', "list(mx.gluon.contrib.data.IntervalSampler(5, 1))"),
    ('interval_equal_length', "list(mx.gluon.contrib.data.IntervalSampler(4, 4))"),
    ('interval_too_large', "list(mx.gluon.contrib.data.IntervalSampler(3, 4))"),
    ('interval_in_a_loader', "[b for b in gluon.data.DataLoader(gluon.data.SimpleDataset(list(range(10))),\n"
                             "    batch_size=4, sampler=mx.gluon.contrib.data.IntervalSampler(10, 3))]"),
    ('wikitext2_samples', _wikitext('WikiText2', ', seq_len=5', _SAMPLES)),
    ('wikitext2_default_seq_len', _wikitext('WikiText2', '', "[len(ds), ds._data.shape if len(ds) else None]")),
    ('wikitext2_seq_len_3', _wikitext('WikiText2', ', seq_len=3', _SAMPLES)),
    ('wikitext2_vocabulary', _wikitext('WikiText2', ', seq_len=4',
                                       "[ds.vocabulary.idx_to_token, ds.vocabulary.unknown_token,\n"
                                       "     ds.vocabulary.reserved_tokens, dict(ds.frequencies)]")),
    ('wikitext2_validation_with_train_vocab', _wikitext(
        'WikiText2', ', seq_len=4',
        "T.WikiText2(root=tmpdir, segment='validation', vocab=ds.vocabulary, seq_len=4)\n"
        "    result = [len(result), result[0], result[1], dict(result.frequencies),\n"
        "              result.vocabulary is ds.vocabulary]")),
    ('wikitext2_validation_own_vocab', _wikitext('WikiText2', ", segment='validation', seq_len=2",
                                                 "[ds.vocabulary.idx_to_token, " + _SAMPLES + "]")),
    ('wikitext2_empty_test', _wikitext('WikiText2', ", segment='test', seq_len=2", "len(ds)")),
    ('wikitext2_bad_segment', _wikitext('WikiText2', ", segment='dev'", "len(ds)")),
    ('wikitext103_samples', _wikitext('WikiText103', ', seq_len=6', _SAMPLES)),
    ('wikitext2_in_a_loader', _wikitext('WikiText2', ', seq_len=3',
                                        "[b for b in gluon.data.DataLoader(ds, batch_size=2)]")),
]
