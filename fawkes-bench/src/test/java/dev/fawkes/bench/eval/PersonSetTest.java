package dev.fawkes.bench.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fawkes.bench.LfwSplit;
import dev.fawkes.tf.testing.SharedData;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The calibration and report sets: disjoint, fixed, and the report set free of every earlier tuning. */
class PersonSetTest {
  private static List<String> eligible() {
    return LfwSplit.load(SharedData.resolve("lfw/users"), EvalOptions.TRAINING_FRACTION).people().stream()
        .filter(p -> p.gallery().size() + p.queries().size() >= EvalOptions.MIN_PHOTOS).map(LfwSplit.Person::name)
        .toList();
  }

  @Test
  void theSetsSplitTheUsersAndKeepEveryTunedPersonOutOfTheReport() {
    List<String> eligible = eligible();
    List<String> calibration = PersonSet.CALIBRATION.members(eligible);
    List<String> report = PersonSet.REPORT.members(eligible);
    assertThat(calibration).hasSize(PersonSet.CALIBRATION_SIZE).containsAll(PersonSet.TUNED_ON);
    assertThat(report).doesNotContainAnyElementsOf(calibration).doesNotContainAnyElementsOf(PersonSet.TUNED_ON);
    List<String> both = new ArrayList<>(calibration);
    both.addAll(report);
    assertThat(both).containsExactlyInAnyOrderElementsOf(eligible);
    assertThat(PersonSet.CALIBRATION.members(eligible)).isEqualTo(calibration);
  }

  @Test
  void theFullRunDrawsFromTheReportSetAndNamedPeopleOverrideTheDraw() {
    EvalOptions full = EvalOptions.full(SharedData.resolve("lfw")).toBuilder().awarePhotos(0).build();
    EvalData data = EvalData.load(full);
    List<String> report = PersonSet.REPORT.members(eligible());
    assertThat(data.protectedPeople()).hasSize(10).allMatch(p -> report.contains(p.name()));
    EvalData named = EvalData.load(full.toBuilder().names(List.of("Serena_Williams", "Colin_Powell")).build());
    assertThat(named.protectedPeople()).extracting(LfwSplit.Person::name).containsExactly("Colin_Powell", "Serena_Williams");
    assertThatThrownBy(() -> EvalData.load(full.toBuilder().names(List.of("Nobody_At_All")).build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Nobody_At_All");
  }
}
