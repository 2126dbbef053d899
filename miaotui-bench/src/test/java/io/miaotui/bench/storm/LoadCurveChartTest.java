package io.miaotui.bench.storm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class LoadCurveChartTest {
    private static Document parse(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static double[] xy(String point) {
        String[] parts = point.split(",");
        return new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1])};
    }

    @Test
    void eachCurveGoesRightByRateAndTheTargetLineSitsBetweenLowerAndHigherP99s() throws Exception {
        // given out of order: the curve is drawn by rate
        var service = new LoadCurveChart.Series("refunds only, 10k lines, 32 clients", List.of(
                new LoadCurveChart.Point(900, 80), new LoadCurveChart.Point(250, 12), new LoadCurveChart.Point(500, 30)));
        var raw = new LoadCurveChart.Series("raw SQL <32>", List.of(new LoadCurveChart.Point(1_300, 140)));

        Document svg = parse(LoadCurveChart.svg("p99 & rate", List.of(service, raw)));

        NodeList lines = svg.getElementsByTagName("polyline");
        assertThat(lines.getLength()).isEqualTo(2);
        String[] points = ((Element) lines.item(0)).getAttribute("points").split(" ");
        assertThat(points).hasSize(3);
        double[] slow = xy(points[0]);
        double[] middle = xy(points[1]);
        double[] fast = xy(points[2]);
        assertThat(slow[0]).isLessThan(middle[0]).isLessThan(fast[0]);
        assertThat(slow[1]).as("12 ms is drawn below 30 ms").isGreaterThan(middle[1]);
        assertThat(fast[1]).as("80 ms is drawn above 30 ms").isLessThan(middle[1]);
        for (String point : points) {
            assertThat(xy(point)[0]).isBetween((double) SvgFrame.LEFT, (double) (SvgFrame.WIDTH - SvgFrame.RIGHT));
            assertThat(xy(point)[1]).isBetween((double) SvgFrame.TOP, (double) (SvgFrame.HEIGHT - SvgFrame.BOTTOM));
        }
        Element target = dashedLine(svg);
        double targetY = Double.parseDouble(target.getAttribute("y1"));
        assertThat(targetY).as("25 ms: between 12 ms and 30 ms").isBetween(middle[1], slow[1]);
        assertThat(svg.getElementsByTagName("circle").getLength()).as("a dot per point").isEqualTo(4);
        assertThat(svg.getDocumentElement().getTextContent()).contains("p99 & rate", "raw SQL <32>", "target 25 ms");
    }

    @Test
    void theRateAxisEndsAtARoundNumberAtOrAboveTheFastestPoint() {
        assertThat(LoadCurveChart.niceCeiling(1_300)).isEqualTo(2_000);
        assertThat(LoadCurveChart.niceCeiling(2_000)).isEqualTo(2_000);
        assertThat(LoadCurveChart.niceCeiling(2_001)).isEqualTo(5_000);
        assertThat(LoadCurveChart.niceCeiling(5_300)).isEqualTo(10_000);
    }

    @Test
    void anEmptyChartStillShowsTheTarget() throws Exception {
        Document svg = parse(LoadCurveChart.svg("nothing yet", List.of()));
        assertThat(svg.getElementsByTagName("polyline").getLength()).isZero();
        assertThat(dashedLine(svg)).isNotNull();
    }

    private static Element dashedLine(Document svg) {
        NodeList lines = svg.getElementsByTagName("line");
        for (int i = 0; i < lines.getLength(); i++) {
            Element line = (Element) lines.item(i);
            if (line.hasAttribute("stroke-dasharray")) {
                return line;
            }
        }
        throw new AssertionError("no dashed target line");
    }
}
