package dev.fawkes.report;

import static java.util.Objects.requireNonNull;

import dev.fawkes.CloakResult;
import dev.fawkes.FaceCloak;
import dev.fawkes.quality.Visibility;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a report says of one cloaked photo, in the same words wherever photos are cloaked: the
 * {@code fawkes cloak} report, the Beam pipeline's JSON lines and the HTTP API's {@code report.json}.
 * An entry is a map with, in this order, {@code input}, {@code status} (a {@link CloakResult.Status}
 * label, or {@code failed} / {@code skipped}), {@code faces}, {@code output}, {@code error} and
 * {@code seconds}, each present only where it applies. Stateless and thread-safe.
 */
public final class PhotoReport {
  private PhotoReport() {}

  /**
   * Every face of a result: status, box {@code [x, y, width, height]}, detector score, DSSIM, the
   * {@link Visibility} figures and the feature shift.
   *
   * @param result a cloak's result
   * @return one map per face, in the result's order
   */
  public static List<Map<String, Object>> faces(CloakResult result) {
    requireNonNull(result, "result");
    List<Map<String, Object>> faces = new ArrayList<>();
    for (FaceCloak face : result.faces()) {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("status", face.status().label());
      f.put("box", List.of(face.box().x, face.box().y, face.box().width, face.box().height));
      f.put("score", face.score());
      f.put("dssim", face.dssim());
      Visibility v = face.visibility();
      Map<String, Object> measured = new LinkedHashMap<>();
      measured.put("worstRegionDssim", v.worstRegionDssim());
      measured.put("deltaEP95", v.deltaEP95());
      measured.put("deltaEP99", v.deltaEP99());
      measured.put("shareAboveJnd", v.shareAboveJnd());
      measured.put("maxLevelChange", v.maxLevelChange());
      f.put("visibility", measured);
      f.put("featureShift", face.featureShift());
      faces.add(f);
    }
    return faces;
  }

  /**
   * The entry of a photo that was cloaked: its input, status and faces; the caller adds
   * {@code output} and {@code seconds}.
   *
   * @param input how the photo is named (a path, a URI, an upload's file name)
   * @param result its cloak's result
   * @return a mutable entry
   */
  public static Map<String, Object> cloaked(String input, CloakResult result) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("input", requireNonNull(input, "input"));
    entry.put("status", result.status().label());
    entry.put("faces", faces(result));
    return entry;
  }

  /**
   * The entry of a photo that failed, with the reason.
   *
   * @param input how the photo is named
   * @param error what went wrong, as a user should read it
   * @return a mutable entry
   */
  public static Map<String, Object> failed(String input, String error) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("input", requireNonNull(input, "input"));
    entry.put("status", "failed");
    entry.put("error", String.valueOf(error));
    return entry;
  }

  /**
   * The faces of a result that are not protected, for a message: "too-small face at 10,20 (24 px), ...".
   *
   * @param result a cloak's result
   * @return the faces left unprotected, or an empty string where there are none
   */
  public static String unprotected(CloakResult result) {
    return result.faces().stream().filter(f -> !f.isProtected())
        .map(f -> f.status().label() + " face at " + f.box().x + "," + f.box().y + " (" + f.box().width + " px)")
        .collect(Collectors.joining(", "));
  }
}
