package dev.fawkes.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import dev.fawkes.photo.Photos;
import dev.fawkes.tf.testing.SharedData;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in a real headless Chromium (Debian's chromium and chromium-driver, never downloaded),
 * driven by Selenium against a real server with the real cloaker at LOW. Screenshots go to
 * {@code target/screenshots}.
 */
class ServePageBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SHOTS = Path.of("target/screenshots");
  private static FawkesServer server;
  private static ChromeDriver browser;
  private static Path downloads;

  @BeforeAll
  static void start() throws IOException {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
      String message = "Chromium or its driver is missing (" + CHROMIUM + ", " + DRIVER
          + "; apt-get install chromium chromium-driver)";
      if ("1".equals(System.getenv("FAWKES_REQUIRE_SHARED_DATA")) || "true".equals(System.getenv("CI"))) {
        fail(message + "; CI requires them");
      }
      abort(message + "; skipping the browser tests");
    }
    SharedData.resolve("fixtures/grace_hopper_512x512.jpg");
    server = FawkesServer.builder().port(0).build().start();
    Files.createDirectories(SHOTS);
    downloads = Files.createTempDirectory("fawkes-downloads");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--window-size=1100,1500", "--disable-dev-shm-usage", "--disable-gpu",
        "--hide-scrollbars", "--force-device-scale-factor=1");
    if ("root".equals(System.getProperty("user.name"))) {
      options.addArguments("--no-sandbox"); // Chromium's sandbox refuses to run as root
    }
    options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
        "download.prompt_for_download", false));
    // The pinned driver: Selenium Manager is never asked to find (download) one.
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
        .usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stop() throws IOException {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.close();
    }
    if (downloads != null) {
      try (Stream<Path> files = Files.walk(downloads)) {
        for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  @Test
  void aDroppedPhotoIsCloakedShownAndDownloaded() throws Exception {
    Path fixture = SharedData.resolve("fixtures/grace_hopper_512x512.jpg");
    browser.get(server.pageUrl());
    JavascriptExecutor js = browser;

    // Every control has a name a screen reader reads out.
    Object unlabelled = js.executeScript("return Array.from(document.querySelectorAll('main input, main button'))"
        + ".filter(e => !e.labels?.length && !e.getAttribute('aria-label') && !e.textContent.trim()).length");
    assertThat(unlabelled).isEqualTo(0L);

    // The keyboard reaches the (visually hidden) file input first, and its label shows the focus.
    browser.findElement(By.tagName("body")).sendKeys(Keys.TAB);
    WebElement focused = browser.switchTo().activeElement();
    assertThat(focused.getAttribute("id")).isEqualTo("files");
    assertThat(browser.findElement(By.cssSelector("label[for=files]")).getCssValue("outline-style")).isEqualTo("solid");

    // Picked with the file input, then dropped: the drop handler takes the file too.
    browser.findElement(By.id("files")).sendKeys(fixture.toString());
    assertThat(browser.findElement(By.id("chosen")).getText()).contains("grace_hopper_512x512.jpg");
    js.executeScript("const input = document.getElementById('files');"
        + "const dt = new DataTransfer(); dt.items.add(input.files[0]);"
        + "document.getElementById('chosen').textContent = '';"
        + "document.getElementById('drop').dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));");
    assertThat(browser.findElement(By.id("chosen")).getText()).isEqualTo("1 photo: grace_hopper_512x512.jpg");

    // Started from the keyboard.
    WebElement start = browser.findElement(By.id("start"));
    assertThat(start.isEnabled()).isTrue();
    start.sendKeys(Keys.ENTER);

    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(90));
    wait.until(d -> d.findElement(By.id("overall-text")).getText().startsWith("Done"));
    WebElement card = browser.findElement(By.cssSelector("article.photo"));
    wait.until(d -> card.findElement(By.cssSelector(".result")).isDisplayed());
    assertThat(browser.findElement(By.id("overall-text")).getText()).contains("1 of 1 photos ready");
    assertThat(card.findElement(By.cssSelector(".status")).getText()).startsWith("Cloaked");
    List<WebElement> faces = card.findElements(By.cssSelector(".faces tbody tr"));
    assertThat(faces).hasSize(1);
    assertThat(faces.get(0).getText()).contains("protected");

    // Before and after, both at 100% zoom: the images at their natural size.
    WebElement before = card.findElement(By.cssSelector("img.before"));
    WebElement after = card.findElement(By.cssSelector("img.after"));
    assertThat(js.executeScript("return [arguments[0].naturalWidth, arguments[0].width, arguments[1].naturalWidth]",
        before, after)).isEqualTo(List.of(512L, 512L, 512L));
    WebElement clip = card.findElement(By.cssSelector(".after-clip"));
    assertThat(clip.getCssValue("left")).isEqualTo("180px");
    shoot("serve-page.png");

    // The slider moves the divider, from the keyboard.
    WebElement slider = card.findElement(By.cssSelector(".slider"));
    for (int i = 0; i < 10; i++) {
      slider.sendKeys(Keys.ARROW_LEFT);
    }
    assertThat(clip.getCssValue("left")).isEqualTo("144px");

    // The amplified difference: drawn, not black (the cloak changed the face), toggled by the keyboard.
    WebElement toggle = card.findElement(By.cssSelector(".show-diff"));
    toggle.sendKeys(Keys.SPACE);
    WebElement canvas = card.findElement(By.cssSelector("canvas.diff"));
    wait.until(d -> canvas.isDisplayed());
    Number meanDiff = (Number) js.executeScript("const c = arguments[0];"
        + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let s = 0;"
        + "for (let i = 0; i < d.length; i += 4) s += d[i] + d[i + 1] + d[i + 2];"
        + "return s / (3 * c.width * c.height);", canvas);
    assertThat(meanDiff.doubleValue()).isGreaterThan(0.5);
    shoot("serve-difference.png");
    toggle.sendKeys(Keys.SPACE);
    assertThat(canvas.isDisplayed()).isFalse();

    // The download: a PNG of the photo's size.
    WebElement link = card.findElement(By.cssSelector("a.download"));
    assertThat(link.getText()).isEqualTo("Download grace_hopper_512x512_cloaked.png");
    link.click();
    Path file = downloads.resolve("grace_hopper_512x512_cloaked.png");
    new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> Files.exists(file));
    BufferedImage downloaded = Photos.readImage(file);
    assertThat(downloaded.getWidth()).isEqualTo(512);
    assertThat(downloaded.getHeight()).isEqualTo(512);

    // All as a zip: the photo and report.json.
    browser.findElement(By.id("zip")).sendKeys(Keys.ENTER);
    Path zip = downloads.resolve("cloaked.zip");
    new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> Files.exists(zip));
    Map<String, byte[]> entries = ServeApiTest.unzip(Files.readAllBytes(zip));
    assertThat(entries).containsOnlyKeys("grace_hopper_512x512_cloaked.png", "report.json");
    assertThat(new String(entries.get("report.json"), java.nio.charset.StandardCharsets.UTF_8))
        .contains("\"status\": \"cloaked\"");
  }

  @Test
  void aPhotoWithoutAFaceGetsANoteAndAJobCanBeCancelled() throws Exception {
    // A photo with no face in it: a gradient, made here.
    BufferedImage blank = new BufferedImage(200, 150, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 150; y++) {
      for (int x = 0; x < 200; x++) {
        blank.setRGB(x, y, (x << 16) | (y << 8) | 128);
      }
    }
    Path noFace = downloads.resolve("gradient.png");
    javax.imageio.ImageIO.write(blank, "png", noFace.toFile());
    Path fixture = SharedData.resolve("fixtures/grace_hopper_512x512.jpg");
    browser.get(server.pageUrl());
    // Two photos with faces after it leave seconds to cancel in.
    Path astronaut = SharedData.resolve("fixtures/astronaut.png");
    browser.findElement(By.id("files")).sendKeys(noFace + "\n" + fixture + "\n" + astronaut);
    assertThat(browser.findElement(By.id("chosen")).getText()).startsWith("3 photos:");

    browser.findElement(By.id("start")).click();
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(90));
    WebElement first = wait.until(d -> d.findElement(By.cssSelector("article.photo")));
    wait.until(d -> first.findElement(By.cssSelector(".note")).isDisplayed());
    assertThat(first.findElement(By.cssSelector(".note")).getText()).contains("No face was found");
    assertThat(first.findElement(By.cssSelector(".status")).getText()).startsWith("No face found");

    // Cancelled while the others are being cloaked: the page says so, and the server is free.
    browser.findElement(By.id("cancel")).click();
    wait.until(d -> d.findElement(By.id("overall-text")).getText().equals("Cancelled."));
    assertThat(browser.findElement(By.id("start")).isEnabled()).isTrue();
    Http http = new Http(server);
    wait.until(d -> {
      try {
        return http.get("/api/v1/health", Map.of()).body().contains("\"running\": 0");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  private static void shoot(String name) throws IOException {
    File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), SHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }
}
