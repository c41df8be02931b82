"""Text handling shared by the screens and the printouts (no Qt): where lines may break."""
