package org.koops.disasm;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/** The C functions of Capstone 4 that koops calls ({@code capstone.h}); {@code csh} and {@code size_t} are 64-bit. */
public interface CapstoneLibrary extends Library {
    int cs_version(IntByReference major, IntByReference minor);

    int cs_open(int arch, int mode, LongByReference handle);

    int cs_option(long handle, int type, long value);

    long cs_disasm(long handle, byte[] code, long size, long address, long count, PointerByReference insn);

    void cs_free(Pointer insn, long count);

    int cs_close(LongByReference handle);

    int cs_errno(long handle);

    String cs_strerror(int code);
}
