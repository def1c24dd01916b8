package io.hooklane.sender;

/** One sample body template and the provider topic/type it is sent as. */
record SampleTemplate(String providerType, String template) {
}
