package dev.vertxelastic.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The JVM in the pods is sized by the chart's values, and the images run on amd64 and arm64. */
class ChartJvmTest {

  static final List<String> VARIANTS = Chart.VARIANTS;

  @Test
  void theImagesPutNoJvmFlagOnTheCommandLineAndAreBuiltForAmd64AndArm64() throws Exception {
    Path pom = Path.of(System.getProperty("k8s.dir", "../k8s")).toAbsolutePath().normalize().resolveSibling("pom.xml");
    Element jib = jibConfiguration(pom);

    assertEquals(0, jib.getElementsByTagName("jvmFlags").getLength(),
        "jvmFlags go on the command line and override JAVA_TOOL_OPTIONS, so the chart could not change the heap");
    assertEquals(1, jib.getElementsByTagName("JAVA_TOOL_OPTIONS").getLength(), "the image's default JVM options, which the chart replaces");
    List<String> platforms = new ArrayList<>();
    NodeList list = jib.getElementsByTagName("platform");
    for (int i = 0; i < list.getLength(); i++) {
      Element platform = (Element) list.item(i);
      platforms.add(text(platform, "os") + "/" + text(platform, "architecture"));
    }
    assertEquals(List.of("linux/amd64", "linux/arm64"), platforms);
  }

  @ParameterizedTest
  @FieldSource("VARIANTS")
  void heapAndDirectMemoryLeaveRoomUnderTheMemoryLimitAndTheGcIsChosen(String variant) {
    Manifests manifests = Chart.render(variant);
    for (String component : List.of("gateway", "edu", "game")) {
      String options = String.valueOf(ChartRenderingTest.env(manifests, component, "JAVA_TOOL_OPTIONS").get("value"));
      long limit = mebibytes(String.valueOf(Tree.at(ChartRenderingTest.container(manifests, component), "resources", "limits", "memory")));
      double heap = Double.parseDouble(flag(options, "-XX:MaxRAMPercentage=([0-9.]+)")) / 100 * limit;
      long direct = mebibytes(flag(options, "-XX:MaxDirectMemorySize=([0-9]+[mMgG])"));

      assertTrue(options.contains("-XX:+UseG1GC"), () -> component + ": with a limit under 2 CPUs the JVM would pick SerialGC by itself");
      assertTrue(heap + direct <= 0.75 * limit, () -> component + ": heap " + heap + " Mi + direct " + direct
          + " Mi leave too little of " + limit + " Mi for metaspace, code cache and threads");
    }
  }

  private static Element jibConfiguration(Path pom) throws Exception {
    var document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    NodeList plugins = document.getElementsByTagName("plugin");
    for (int i = 0; i < plugins.getLength(); i++) {
      Element plugin = (Element) plugins.item(i);
      if ("jib-maven-plugin".equals(text(plugin, "artifactId")) && plugin.getElementsByTagName("configuration").getLength() > 0) {
        return (Element) plugin.getElementsByTagName("configuration").item(0);
      }
    }
    throw new AssertionError("no jib-maven-plugin configuration in " + pom);
  }

  private static String text(Element parent, String tag) {
    return parent.getElementsByTagName(tag).item(0).getTextContent().trim();
  }

  private static String flag(String options, String regex) {
    Matcher m = Pattern.compile(regex).matcher(options);
    assertTrue(m.find(), () -> options + " lacks " + regex);
    return m.group(1);
  }

  /** A Kubernetes memory quantity (512Mi, 2Gi) or a JVM size (96m, 1g) in MiB. */
  private static long mebibytes(String quantity) {
    Matcher m = Pattern.compile("([0-9]+)([MmGg])i?").matcher(quantity);
    assertTrue(m.matches(), () -> "unexpected quantity " + quantity);
    long n = Long.parseLong(m.group(1));
    return "Gg".contains(m.group(2)) ? n * 1024 : n;
  }
}
