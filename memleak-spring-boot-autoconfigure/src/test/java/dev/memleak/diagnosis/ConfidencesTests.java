package dev.memleak.diagnosis;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ConfidencesTests {

	@Test
	void signTestIsOneMinusTheChanceOfAsManyRisesByCoinFlips() {
		assertThat(Confidences.signTest(3, 3)).isCloseTo(1 - 1 / 8.0, within(1e-12));
		assertThat(Confidences.signTest(2, 3)).isCloseTo(1 - 4 / 8.0, within(1e-12));
		assertThat(Confidences.signTest(8, 9)).isCloseTo(1 - 10 / 512.0, within(1e-12));
		assertThat(Confidences.signTest(0, 3)).isZero();
		assertThat(Confidences.signTest(2, 0)).isZero();
	}

	@Test
	void independentEvidenceIsWrongOnlyIfBothAre() {
		assertThat(Confidences.either(0.5, 0.5)).isEqualTo(0.75);
		assertThat(Confidences.either(0, 0.9)).isCloseTo(0.9, within(1e-12));
	}

	@Test
	void reportedConfidencesHaveTwoDecimalsWithinZeroAndOne() {
		assertThat(Confidences.rounded(0.875)).isEqualTo(0.88);
		assertThat(Confidences.rounded(1.2)).isEqualTo(1.0);
		assertThat(Confidences.rounded(-0.1)).isEqualTo(0.0);
	}

}
