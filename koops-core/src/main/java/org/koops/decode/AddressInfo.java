package org.koops.decode;

/**
 * What an address or pointer value is.
 *
 * @param kind        its class
 * @param description one sentence for a reader, e.g. {@code NULL pointer + 0x10: ...}
 * @param offset      the distance from NULL ({@link AddressClass#NULL_POINTER}, a KASAN null-ptr-deref,
 *                    a low user address), or from the matched poison value; {@code null} otherwise
 */
public record AddressInfo(AddressClass kind, String description, Long offset) {
}
