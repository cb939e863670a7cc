"""``mx.np._internal`` (and ``F.np._internal``): MXNet's internal NumPy operators that its tests and
front ends call by name, from the same table entries (namespace ``_npi``)."""
from ._frontend import define

__all__ = ['boolean_mask_assign_scalar', 'boolean_mask_assign_tensor']

boolean_mask_assign_scalar = define('boolean_mask_assign_scalar', 'data, mask, value=0.0, start_axis=0, out=None',
                                    'boolean_mask_assign_scalar', namespace='_npi', arrays=('data', 'mask'),
                                    numbers=False)
boolean_mask_assign_tensor = define('boolean_mask_assign_tensor', 'data, mask, value, start_axis=0, out=None',
                                    'boolean_mask_assign_tensor', namespace='_npi', arrays=('data', 'mask', 'value'))
