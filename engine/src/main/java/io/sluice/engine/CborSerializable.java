package io.sluice.engine;

/** Marks messages that may cross nodes; bound to Jackson CBOR in the node configuration. */
public interface CborSerializable {}
