package org.koops.debuginfo;

/**
 * Carries a {@link DebugInfoException} through the decoding code, which reads thousands of values
 * and would drown in {@code throws} clauses; the public entry points unwrap it.
 */
final class UncheckedDebugInfoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UncheckedDebugInfoException(DebugInfoException cause) {
        super(cause.getMessage(), cause, false, false);
    }

    @Override
    public synchronized DebugInfoException getCause() {
        return (DebugInfoException) super.getCause();
    }
}
