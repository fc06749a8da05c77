print("dlnb-bench: placeholder")
