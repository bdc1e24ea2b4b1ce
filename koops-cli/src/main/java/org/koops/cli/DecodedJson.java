package org.koops.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.koops.debuginfo.FrameLocation;
import org.koops.debuginfo.Resolution;
import org.koops.debuginfo.SourceLocation;

/**
 * One JSON line per looked-up entry of {@code koops decode --format=json}. Addresses are hex strings,
 * as JSON numbers cannot hold every 64-bit address.
 */
final class DecodedJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DecodedJson() {
    }

    static String line(String input, FrameLocation f) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("input", input);
        o.put("line", f.frame().line());
        o.put("frame", f.frame().symbolic());
        Resolution r = f.resolution();
        if (r != null) {
            o.put("symbol", r.symbol().name());
            o.put("address", hex(r.address()));
            o.put("lookupAddress", hex(r.lookupAddress()));
            o.put("returnAddress", r.returnAddress());
            var locations = o.putArray("locations");
            for (SourceLocation l : r.locations()) {
                ObjectNode loc = locations.addObject();
                loc.put("function", l.function());
                loc.put("file", l.shortFile());
                loc.put("path", l.file());
                loc.put("line", l.line());
                loc.put("column", l.column());
                loc.put("discriminator", l.discriminator());
            }
        }
        o.put("problem", f.problem());
        return o.toString();
    }

    private static String hex(long address) {
        return "0x" + Long.toHexString(address);
    }
}
