package dev.fawkes.bench.eval;

import dev.fawkes.quality.Visibility;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * Every number of one evaluation run. Protection of a person is the fraction of their clean test
 * photos that the tracker does not identify as them; a row's protection is the mean over the
 * protected people. Immutable.
 *
 * @param protocol what was run: data, people, seed, options
 * @param baselines per tracker, its clean accuracy on the protected people's test photos (no cloak)
 * @param cloaks per way of cloaking, what it cost and how well it protected
 * @param references reference points of the visibility scale (JPEG re-encodes of the same photos), by label
 * @param seconds wall time of the whole run
 */
public record EvalReport(Map<String, Object> protocol, List<Baseline> baselines, List<CloakOutcome> cloaks,
    Map<String, VisibilitySummary> references, double seconds) {
  /**
   * The training variants of the protected people's photos, in report order, and the two adaptive
   * trackers: {@code augmented} learns from each training photo and its JPEG 70, downscaled and
   * blurred copies; {@code aware} maps every training embedding from cloaked to clean first.
   */
  public static final List<String> VARIANTS =
      List.of("png", "jpeg85", "jpeg70", "downscale2", "blur1", "leak20", "leak50", "augmented", "aware");

  /** What changed the protected people's training photos. */
  public enum Kind {
    /** A cloak. */
    CLOAK,
    /** A control: no change, or random noise as visible as a cloak. */
    CONTROL;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** How much the cloak knew of a tracker. */
  public enum Role {
    /** The tracker's extractor is in the cloak's ensemble. */
    WHITE_BOX,
    /** Not in the ensemble, but a model of its family is. */
    SAME_FAMILY,
    /** Neither it nor its family took part in the cloak. */
    BLACK_BOX,
    /** No cloak: a control row. */
    CONTROL;

    String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /**
   * A tracker's clean accuracy: the identification rate of the protected people's test photos when
   * their training photos are not cloaked, per head (and per head and person).
   *
   * @param undetected photos in which a tracker with its own alignment found no face (it then reads
   *     the canonical box)
   */
  public record Baseline(String tracker, String family, Map<Head, Double> accuracy,
      Map<Head, Map<String, Double>> perPerson, int undetected) {}

  /**
   * The cost of a cloak, measured on the face region (LFW's canonical box) of the saved photo
   * against the original, at native resolution.
   */
  public record Quality(double dssim, double ssim, double psnr, double dssimJpeg85, double ssimJpeg85,
      double psnrJpeg85, VisibilitySummary visibility, Map<String, VisibilitySummary> visibilityPerPerson,
      double secondsPerPhoto, int photos, int photosWithoutFace) {}

  /**
   * The cloak's visibility over the saved (PNG) photos' canonical box ({@link dev.fawkes.quality.Visibility}):
   * means over the photos, and the largest dE p95 of any photo.
   */
  public record VisibilitySummary(double worstRegionDssim, double deltaEP95, double deltaEP95Max, double deltaEP99,
      double shareAboveJnd) {
    /** The means (and the largest dE p95) of some photos' visibility. */
    static VisibilitySummary of(List<Visibility> photos) {
      return new VisibilitySummary(mean(photos, Visibility::worstRegionDssim), mean(photos, Visibility::deltaEP95),
          photos.stream().mapToDouble(Visibility::deltaEP95).max().orElse(Double.NaN),
          mean(photos, Visibility::deltaEP99), mean(photos, Visibility::shareAboveJnd));
    }

    private static double mean(List<Visibility> photos, ToDoubleFunction<Visibility> measure) {
      return photos.stream().mapToDouble(measure).average().orElse(Double.NaN);
    }
  }

  /**
   * One tracker against one cloak or control.
   *
   * @param transferCosine mean cosine similarity of the clean and the cloaked (PNG) embedding of
   *     the same training photo
   * @param protection per training variant, per head, the mean protection
   * @param perPerson per training variant, per head, per person, the protection
   */
  public record TrackerOutcome(String tracker, Role role, double transferCosine, Map<String, Map<Head, Double>> protection,
      Map<String, Map<Head, Map<String, Double>>> perPerson) {
    /** The protection against the tracker's strongest head: the lowest over heads. */
    public double protection(String variant) {
      return protection.get(variant).values().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }
  }

  /**
   * One way of changing the training photos (a cloak or a control) and its results.
   *
   * @param label the row's name: the cloak's label, {@code identity}, or {@code noise as LABEL}
   * @param spec the cloak, or for a noise control the cloak it matches; null for identity
   * @param heldOut for a leave-one-out run, the ensemble member held out; else null
   * @param targets per protected person, the target identity chosen
   */
  public record CloakOutcome(String label, Kind kind, CloakSpec spec, String heldOut, Quality quality,
      Map<String, String> targets, List<TrackerOutcome> trackers) {
    /** The outcome for a tracker, if it was measured. */
    public Optional<TrackerOutcome> tracker(String name) {
      return trackers.stream().filter(t -> t.tracker().equals(name)).findFirst();
    }
  }

  private static Map<String, Object> visibilityMap(VisibilitySummary v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("worstRegionDssim", v.worstRegionDssim());
    m.put("deltaEP95", v.deltaEP95());
    m.put("deltaEP95Max", v.deltaEP95Max());
    m.put("deltaEP99", v.deltaEP99());
    m.put("shareAboveJnd", v.shareAboveJnd());
    return m;
  }

  /** The report as nested maps and lists, for JSON. */
  public Map<String, Object> toMap() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("protocol", protocol);
    out.put("seconds", seconds);
    List<Object> base = new ArrayList<>();
    for (Baseline b : baselines) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("tracker", b.tracker());
      m.put("family", b.family());
      m.put("accuracy", byHead(b.accuracy()));
      Map<String, Object> people = new LinkedHashMap<>();
      b.perPerson().forEach((h, rates) -> people.put(h.label(), rates));
      m.put("accuracyPerPerson", people);
      m.put("photosWithoutFaceFound", b.undetected());
      base.add(m);
    }
    out.put("baselines", base);
    Map<String, Object> refs = new LinkedHashMap<>();
    references.forEach((label, v) -> refs.put(label, visibilityMap(v)));
    out.put("visibilityReferences", refs);
    List<Object> cloakList = new ArrayList<>();
    for (CloakOutcome c : cloaks) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("label", c.label());
      m.put("kind", c.kind().label());
      m.put("cloak", c.spec() == null ? null : c.spec().describe());
      m.put("heldOut", c.heldOut());
      Quality q = c.quality();
      Map<String, Object> quality = new LinkedHashMap<>();
      quality.put("dssim", q.dssim());
      quality.put("ssim", q.ssim());
      quality.put("psnr", q.psnr());
      quality.put("dssimJpeg85", q.dssimJpeg85());
      quality.put("ssimJpeg85", q.ssimJpeg85());
      quality.put("psnrJpeg85", q.psnrJpeg85());
      quality.put("visibility", visibilityMap(q.visibility()));
      Map<String, Object> seen = new LinkedHashMap<>();
      q.visibilityPerPerson().forEach((person, v) -> seen.put(person, visibilityMap(v)));
      quality.put("visibilityPerPerson", seen);
      quality.put("secondsPerPhoto", q.secondsPerPhoto());
      quality.put("photos", q.photos());
      quality.put("photosWithoutFace", q.photosWithoutFace());
      m.put("quality", quality);
      m.put("targets", c.targets());
      List<Object> trackers = new ArrayList<>();
      for (TrackerOutcome t : c.trackers()) {
        Map<String, Object> tm = new LinkedHashMap<>();
        tm.put("tracker", t.tracker());
        tm.put("role", t.role().label());
        tm.put("transferCosine", t.transferCosine());
        Map<String, Object> protection = new LinkedHashMap<>();
        Map<String, Object> perPerson = new LinkedHashMap<>();
        for (String v : t.protection().keySet()) {
          protection.put(v, byHead(t.protection().get(v)));
          Map<String, Object> heads = new LinkedHashMap<>();
          t.perPerson().get(v).forEach((h, people) -> heads.put(h.label(), people));
          perPerson.put(v, heads);
        }
        tm.put("protection", protection);
        tm.put("protectionPerPerson", perPerson);
        trackers.add(tm);
      }
      m.put("trackers", trackers);
      cloakList.add(m);
    }
    out.put("cloaks", cloakList);
    return out;
  }

  private static Map<String, Double> byHead(Map<Head, Double> values) {
    Map<String, Double> out = new LinkedHashMap<>();
    values.forEach((h, v) -> out.put(h.label(), v));
    return out;
  }

  /** The tables as Markdown: baselines, quality, protection and robustness per cloak. */
  public String markdown() {
    StringBuilder s = new StringBuilder();
    s.append("Clean baselines (identification rate of the protected people's test photos; centroid / kNN / logistic):\n\n");
    s.append("| tracker | family | clean accuracy | no face found |\n|---|---|---|---|\n");
    for (Baseline b : baselines) {
      s.append(String.format(Locale.ROOT, "| %s | %s | %s | %d |%n", b.tracker(), b.family(), heads(b.accuracy()),
          b.undetected()));
    }
    s.append("\nQuality of the saved photos (face region, native resolution) and time:\n\n");
    s.append("| cloak | DSSIM | SSIM | PSNR dB | DSSIM JPEG85 | PSNR JPEG85 | s/photo | photos | no face |\n");
    s.append("|---|---|---|---|---|---|---|---|---|\n");
    for (CloakOutcome c : cloaks) {
      Quality q = c.quality();
      s.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %.1f | %.4f | %.1f | %.1f | %d | %d |%n", c.label(),
          q.dssim(), q.ssim(), q.psnr(), q.dssimJpeg85(), q.psnrJpeg85(), q.secondsPerPhoto(), q.photos(),
          q.photosWithoutFace()));
    }
    s.append("\nVisibility on the face's canonical box of the saved PNG photos (worst-region DSSIM, CIE76 dE; "
        + "means over the photos, and the largest dE p95):\n\n");
    s.append("| cloak | worst-region DSSIM | dE p95 | dE p95 max | dE p99 | share dE > 2.3 |\n|---|---|---|---|---|---|\n");
    Map<String, VisibilitySummary> rows = new LinkedHashMap<>();
    cloaks.forEach(c -> rows.put(c.label(), c.quality().visibility()));
    references.forEach((label, v) -> rows.put("(reference) " + label, v));
    rows.forEach((label, v) -> s.append(String.format(Locale.ROOT, "| %s | %.4f | %.2f | %.2f | %.2f | %.2f |%n", label,
        v.worstRegionDssim(), v.deltaEP95(), v.deltaEP95Max(), v.deltaEP99(), v.shareAboveJnd())));
    s.append("\nProtection success (centroid / kNN / logistic; PNG and JPEG 85 training photos) and transfer "
        + "(mean clean-vs-cloaked cosine):\n\n");
    s.append("| cloak | tracker | role | cosine | PNG | JPEG85 |\n|---|---|---|---|---|---|\n");
    for (CloakOutcome c : cloaks) {
      for (TrackerOutcome t : c.trackers()) {
        s.append(String.format(Locale.ROOT, "| %s | %s | %s | %.3f | %s | %s |%n", c.label(), t.tracker(),
            t.role().label(), t.transferCosine(), heads(t.protection().get("png")), heads(t.protection().get("jpeg85"))));
      }
    }
    s.append("\nRobustness and adaptive trackers (protection against the strongest head, the lowest of the three; "
        + "augmented: trained with JPEG 70, downscaled and blurred copies; aware: maps cloaked to clean embeddings "
        + "learnt on public photos it cloaked itself):\n\n");
    s.append("| cloak | tracker | role |");
    VARIANTS.forEach(v -> s.append(' ').append(v).append(" |"));
    s.append("\n|---|---|---|");
    VARIANTS.forEach(v -> s.append("---|"));
    s.append('\n');
    for (CloakOutcome c : cloaks) {
      for (TrackerOutcome t : c.trackers()) {
        s.append(String.format(Locale.ROOT, "| %s | %s | %s |", c.label(), t.tracker(), t.role().label()));
        VARIANTS.forEach(v -> s.append(t.protection().containsKey(v)
            ? String.format(Locale.ROOT, " %.2f |", t.protection(v)) : " - |"));
        s.append('\n');
      }
    }
    return s.toString();
  }

  private static String heads(Map<Head, Double> values) {
    StringBuilder s = new StringBuilder();
    for (Head h : Head.values()) {
      if (s.length() > 0) {
        s.append(" / ");
      }
      s.append(String.format(Locale.ROOT, "%.2f", values.get(h)));
    }
    return s.toString();
  }
}
