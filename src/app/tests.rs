//! Key-sequence tests of the console's behaviour.
