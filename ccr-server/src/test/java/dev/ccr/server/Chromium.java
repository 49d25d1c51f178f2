package dev.ccr.server;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium from the system packages ({@code chromium}, {@code chromium-driver}), driven
 * by Selenium: the binary and the driver are given, so Selenium Manager never looks for a download.
 */
final class Chromium implements AutoCloseable {
  static final String BINARY = "/usr/bin/chromium";
  static final String DRIVER = "/usr/bin/chromedriver";

  final WebDriver driver;
  private final Path profile;

  Chromium() throws IOException {
    if (!Files.isExecutable(Path.of(BINARY)) || !Files.isExecutable(Path.of(DRIVER))) {
      throw new IllegalStateException("the browser tests need " + BINARY + " and " + DRIVER
          + ": apt-get install chromium chromium-driver (.ci/run does)");
    }
    System.setProperty("webdriver.chrome.driver", DRIVER);
    profile = Files.createTempDirectory("ccr-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BINARY);
    // What works on a closed network: nothing of Chromium's own reaches out, nothing waits for it.
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER))
        .usingAnyFreePort().withEnvironment(java.util.Map.of()).build();
    driver = new ChromeDriver(service, options);
  }

  WebDriverWait waiting() {
    return new WebDriverWait(driver, Duration.ofSeconds(30));
  }

  /** A screenshot under {@code ccr.screenshots} (default target/ui-screenshots); docs/ holds copies. */
  void screenshot(String name) throws IOException {
    Path dir = Path.of(System.getProperty("ccr.screenshots", "target/ui-screenshots"));
    Files.createDirectories(dir);
    File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public void close() throws IOException {
    driver.quit();
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
