package dev.fawkes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fawkes.CloakProgress.Stage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CloakProgressTest {
  @Test
  void theFractionRunsFromZeroToOneAndNeverFallsOverACall() {
    // A call of 7 photos whose faces fill 3 batches of 35 steps, event by event.
    List<CloakProgress> call = new ArrayList<>();
    for (int i = 0; i <= 7; i++) {
      call.add(new CloakProgress(Stage.DETECTING, i, 7));
    }
    for (int i = 0; i <= 105; i++) {
      call.add(new CloakProgress(Stage.OPTIMIZING, i, 105));
    }
    for (int i = 0; i <= 7; i++) {
      call.add(new CloakProgress(Stage.WRITING, i, 7));
    }
    assertThat(call.get(0).fraction()).isZero();
    assertThat(call.get(call.size() - 1).fraction()).isEqualTo(1.0);
    for (int i = 1; i < call.size(); i++) {
      assertThat(call.get(i).fraction()).as("%s after %s", call.get(i), call.get(i - 1))
          .isGreaterThanOrEqualTo(call.get(i - 1).fraction());
    }
    // Each stage starts where the one before ended.
    assertThat(new CloakProgress(Stage.OPTIMIZING, 0, 105).fraction())
        .isEqualTo(new CloakProgress(Stage.DETECTING, 7, 7).fraction());
    assertThat(new CloakProgress(Stage.WRITING, 0, 7).fraction())
        .isEqualTo(new CloakProgress(Stage.OPTIMIZING, 105, 105).fraction());
  }

  @Test
  void aStageWithNothingToDoIsDone() {
    assertThat(new CloakProgress(Stage.OPTIMIZING, 0, 0).fraction())
        .isEqualTo(new CloakProgress(Stage.OPTIMIZING, 3, 3).fraction());
  }

  @Test
  void doneOutsideZeroToTotalAndANullStageAreRefusedWithAMessage() {
    assertThatThrownBy(() -> new CloakProgress(Stage.OPTIMIZING, 4, 3)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("done (4) must be in [0, total (3)]");
    assertThatThrownBy(() -> new CloakProgress(Stage.OPTIMIZING, -1, 3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CloakProgress(null, 0, 3)).isInstanceOf(NullPointerException.class)
        .hasMessage("stage");
  }

  @Test
  void equalProgressIsEqual() {
    assertThat(new CloakProgress(Stage.WRITING, 1, 2)).isEqualTo(new CloakProgress(Stage.WRITING, 1, 2))
        .hasSameHashCodeAs(new CloakProgress(Stage.WRITING, 1, 2)).isNotEqualTo(new CloakProgress(Stage.WRITING, 2, 2));
  }
}
