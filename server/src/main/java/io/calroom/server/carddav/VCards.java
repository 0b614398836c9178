package io.calroom.server.carddav;

import io.calroom.principal.Principal;
import io.calroom.principal.PrincipalKind;
import io.calroom.principal.PrincipalStore;
import io.calroom.principal.directory.ResourcePolicy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The vCard (RFC 6350, version 4.0) of a principal in its org's directory: FN, N, EMAIL with the
 * scheduling address, CALADRURI, KIND individual / location / device, and for rooms and
 * equipment their capacity and location. Generated from the principal on every read: there is
 * no copy to keep in sync.
 */
public final class VCards {
    private VCards() {
    }

    /** The card's name in the address book: {@code u-alice.vcf}, {@code r-room-101.vcf}. */
    public static String cardName(Principal p) {
        return (p.kind() == PrincipalKind.USER ? "u-" : "r-") + p.name();
    }

    public static String text(Principal p, List<String> addresses, PrincipalStore.PersonalName names, ResourcePolicy policy) {
        StringBuilder b = new StringBuilder();
        b.append("BEGIN:VCARD\r\nVERSION:4.0\r\n");
        line(b, "UID:urn:uuid:" + p.uuid());
        line(b, "KIND:" + kind(p));
        line(b, "FN:" + escape(p.displayNameOrName()));
        String last = names.last() != null ? names.last() : p.kind() == PrincipalKind.USER ? "" : p.displayNameOrName();
        String first = names.first() != null ? names.first() : "";
        line(b, "N:" + escape(last) + ";" + escape(first) + ";;;");
        String mailto = addresses.stream().filter(a -> a.startsWith("mailto:")).findFirst().orElse(null);
        if (mailto != null) {
            line(b, "EMAIL;TYPE=work:" + escape(mailto.substring("mailto:".length())));
            line(b, "CALADRURI:" + mailto);
        }
        if (policy != null) {
            if (policy.capacity() != null) line(b, "X-CALROOM-CAPACITY:" + policy.capacity());
            if (policy.location() != null) {
                line(b, "X-CALROOM-LOCATION:" + escape(policy.location()));
                line(b, "NOTE:" + escape((policy.capacity() != null ? "Capacity " + policy.capacity() + ". " : "") + policy.location()));
            }
            if (!policy.equipment().isEmpty()) line(b, "CATEGORIES:" + String.join(",", policy.equipment().stream().map(VCards::escape).toList()));
        }
        b.append("END:VCARD\r\n");
        return b.toString();
    }

    public static String etag(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return '"' + HexFormat.of().formatHex(Arrays.copyOf(hash, 16)) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String kind(Principal p) {
        return switch (p.calendarUserType()) {
            case "ROOM" -> "location";
            case "RESOURCE" -> "device";
            case "GROUP" -> "group";
            default -> "individual";
        };
    }

    static String escape(String s) {
        return s.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\r\n", "\\n").replace("\n", "\\n");
    }

    /** Appends a content line folded at 75 octets (RFC 6350 §3.2). */
    private static void line(StringBuilder b, String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= 75) {
            b.append(line).append("\r\n");
            return;
        }
        int count = 0;
        for (int i = 0; i < line.length(); ) {
            int cp = line.codePointAt(i);
            int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (count + len > 75) {
                b.append("\r\n ");
                count = 1;
            }
            b.appendCodePoint(cp);
            count += len;
            i += Character.charCount(cp);
        }
        b.append("\r\n");
    }
}
