package dev.fawkes.photo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OutputNamesTest {
  @Test
  void namesTheCloakedCopyByFormat() {
    assertThat(OutputNames.cloaked("me.JPG", OutputFormat.SAME_AS_INPUT)).isEqualTo("me_cloaked.jpg");
    assertThat(OutputNames.cloaked("me.webp", OutputFormat.SAME_AS_INPUT)).isEqualTo("me_cloaked.png");
    assertThat(OutputNames.cloaked("me.jpeg", OutputFormat.PNG)).isEqualTo("me_cloaked.png");
    assertThat(OutputNames.cloaked("a.b.png", OutputFormat.JPEG)).isEqualTo("a.b_cloaked.jpg");
    assertThat(OutputNames.cloaked("noext", OutputFormat.PNG)).isEqualTo("noext_cloaked.png");
  }

  @Test
  void refusesFoldersAndAFormatFromTheName() {
    assertThatThrownBy(() -> OutputNames.cloaked("../x.png", OutputFormat.PNG)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OutputNames.cloaked("x.png", OutputFormat.FROM_FILE_NAME))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SAME_AS_INPUT");
  }

  @Test
  void takesPhotosButNotTheirCloakedCopies() {
    assertThat(OutputNames.isUncloakedPhoto("IMG_1.JPEG")).isTrue();
    assertThat(OutputNames.isUncloakedPhoto("IMG_1_cloaked.png")).isFalse();
    assertThat(OutputNames.isUncloakedPhoto("notes.txt")).isFalse();
    assertThat(OutputNames.isUncloakedPhoto(".png")).isFalse();
  }
}
