"""Domain-free toolkit shared by the gateway and the three services."""
