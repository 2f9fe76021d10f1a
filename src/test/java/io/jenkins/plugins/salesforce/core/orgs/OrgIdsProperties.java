package io.jenkins.plugins.salesforce.core.orgs;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalToIgnoringCase;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class OrgIdsProperties {

    /** The point of the 18-character form: ids that differ only in case stay different when case is ignored. */
    @Property
    void idsDifferingOnlyInCaseDifferIgnoringCaseOnceExtended(
            @ForAll("orgIds") String id, @ForAll("positions") int pick) {
        int[] letters = IntStream.range(3, 15)
                .filter(i -> Character.isLetter(id.charAt(i)))
                .toArray();
        int at = letters[pick % letters.length];
        char c = id.charAt(at);
        String flipped = id.substring(0, at)
                + (Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c))
                + id.substring(at + 1);
        String a = OrgIds.toEighteen(id, "orgId");
        String b = OrgIds.toEighteen(flipped, "orgId");
        assertThat(a.substring(0, 15), is(id));
        assertThat(a, not(equalToIgnoringCase(b)));
    }

    @Provide
    Arbitrary<String> orgIds() {
        return Arbitraries.strings()
                .withCharRange('a', 'z')
                .withCharRange('A', 'Z')
                .withCharRange('0', '9')
                .ofLength(12)
                .map(s -> "00D" + s)
                .filter(s -> s.substring(3).chars().anyMatch(Character::isLetter));
    }

    @Provide
    Arbitrary<Integer> positions() {
        return Arbitraries.integers().between(0, 11);
    }
}
