"""The 14 Syrian governorates and the areas inside them."""
