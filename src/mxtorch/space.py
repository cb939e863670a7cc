"""mx.space: the schedule configuration spaces of MXNet's TVM operators (read from and written to the
JSON of a tvmop.conf file). Only 'other option' knobs (``'ot'``) exist, as in MXNet 1.9.1."""
from collections import OrderedDict

import numpy as _np


class OtherOptionSpace(object):
    """The choices of one general option knob: a list of OtherOptionEntity."""

    def __init__(self, entities):
        self.entities = list(map(OtherOptionEntity, entities))

    @classmethod
    def from_tvm(cls, x):
        """The space of an autotvm OtherOptionSpace `x`."""
        return cls([entity.val for entity in x.entities])

    def __len__(self):
        """The number of choices."""
        return len(self.entities)

    def __repr__(self):
        return 'OtherOption(%s) len=%d' % (self.entities, len(self))


class OtherOptionEntity(object):
    """One value of a general option knob (``val``)."""

    def __init__(self, val):
        self.val = val

    def __repr__(self):
        return str(self.val)

    @classmethod
    def from_tvm(cls, x):
        """The entity of an autotvm OtherOptionEntity `x`."""
        return cls(x.val)


def _knob(knob_type, what):
    if knob_type != 'ot':
        raise RuntimeError('Invalid config knob type: ' + knob_type)
    return what


class ConfigSpace(object):
    """The configuration space of one schedule: ``space_map`` {knob: OtherOptionSpace} and the chosen
    entities ``_entity_map`` {knob: OtherOptionEntity}; its length is the number of combinations."""

    def __init__(self, space_map, _entity_map):
        self.space_map, self._entity_map = space_map, _entity_map
        self._length = None        # counted at the first len()

    @classmethod
    def from_tvm(cls, x):
        """The space of an autotvm ConfigSpace `x`."""
        return cls(OrderedDict((k, OtherOptionSpace.from_tvm(v)) for k, v in x.space_map.items()),
                   OrderedDict((k, OtherOptionEntity.from_tvm(v)) for k, v in x._entity_map.items()))

    def __len__(self):
        if self._length is None:
            self._length = int(_np.prod([len(space) for space in self.space_map.values()]))
        return self._length

    def __repr__(self):
        lines = ''.join('  %2d %s: %s\n' % (i, name, space) for i, (name, space) in enumerate(self.space_map.items()))
        return 'ConfigSpace (len=%d, space_map=\n' % len(self) + lines + ')'

    def to_json_dict(self):
        """{'e': [(knob, 'ot', chosen value)], 's': [(knob, 'ot', [values])]}, JSON-serializable."""
        entities = []
        for key, entity in self._entity_map.items():
            if not isinstance(entity, OtherOptionEntity):
                raise RuntimeError('Invalid entity instance: {!r}'.format(entity))
            entities.append((key, 'ot', entity.val))
        spaces = [(key, 'ot', [e.val for e in space.entities]) for key, space in self.space_map.items()]
        return {'e': entities, 's': spaces}

    @classmethod
    def from_json_dict(cls, json_dict):
        """The ConfigSpace of a dictionary made by ``to_json_dict`` (keys become strings)."""
        entity_map = OrderedDict((str(key), _knob(kind, OtherOptionEntity)(args))
                                 for key, kind, args in json_dict['e'])
        space_map = OrderedDict((str(key), _knob(kind, OtherOptionSpace)(args))
                                for key, kind, args in json_dict['s'])
        return cls(space_map, entity_map)


class ConfigSpaces(object):
    """The configuration spaces of all operators: ``spaces`` {operator name: ConfigSpace}."""

    def __init__(self):
        self.spaces = {}

    def __len__(self):
        return len(self.spaces)

    def __setitem__(self, name, space):
        self.spaces[name] = space

    def __repr__(self):
        lines = ''.join('  %2d %s:\n %s\n' % (i, key, val) for i, (key, val) in enumerate(self.spaces.items()))
        return 'ConfigSpaces (len=%d, config_space=\n' % len(self) + lines + ')'

    def to_json_dict(self):
        """[(operator name, its space's JSON dictionary)]."""
        return [(key, space.to_json_dict()) for key, space in self.spaces.items()]

    @classmethod
    def from_json_dict(cls, json_dict):
        """The ConfigSpaces of a list made by ``to_json_dict``."""
        made = cls()
        for key, val in json_dict:
            made.spaces[key] = ConfigSpace.from_json_dict(val)
        return made
