"""nd.save / nd.load in MXNet's binary format."""
