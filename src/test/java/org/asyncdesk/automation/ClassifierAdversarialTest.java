package org.asyncdesk.automation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * A 1 MB message is classified by its beginning, without tying up a job thread (the bound
 * only guards hanging).
 */
class ClassifierAdversarialTest {

    @Test
    void aHugeMessageIsClassifiedByItsBeginning() {
        String text = "This is unacceptable, where is my parcel? Urgent! " + "Ä".repeat(1 << 20);
        Classifier.Classification c = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> Classifier.classify(text, "standard"));
        assertThat(c.intent()).isEqualTo("complaint");
        assertThat(c.priority()).isEqualTo("urgent");
    }

}
