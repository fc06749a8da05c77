/// dlnb's version, shown by `dlnb --version` and recorded in the files dlnb writes.
public let dlnbVersion = "0.1.0"
