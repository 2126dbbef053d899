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

class LatencyChartTest {
    private static Document parse(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void eachSeriesIsOnePolylineWithAPointPerPercentileInsideThePlot() throws Exception {
        var a = new LatencyChart.Series("10k lines, 8 clients", List.of(new LatencyChart.Point(50, 4),
                new LatencyChart.Point(90, 9), new LatencyChart.Point(99, 30), new LatencyChart.Point(99.9, 120)));
        var b = new LatencyChart.Series("1M lines, 128 <clients>", List.of(new LatencyChart.Point(50, 40),
                new LatencyChart.Point(99.99, 900)));

        Document svg = parse(LatencyChart.svg("latency & load", List.of(a, b)));

        NodeList lines = svg.getElementsByTagName("polyline");
        assertThat(lines.getLength()).isEqualTo(2);
        String[] points = ((Element) lines.item(0)).getAttribute("points").split(" ");
        assertThat(points).hasSize(4);
        double previousX = -1;
        double previousY = Double.MAX_VALUE;
        for (String point : points) {
            double x = Double.parseDouble(point.split(",")[0]);
            double y = Double.parseDouble(point.split(",")[1]);
            assertThat(x).isBetween((double) LatencyChart.LEFT, (double) (LatencyChart.WIDTH - LatencyChart.RIGHT));
            assertThat(y).isBetween((double) LatencyChart.TOP, (double) (LatencyChart.HEIGHT - LatencyChart.BOTTOM));
            assertThat(x).as("percentiles go right").isGreaterThan(previousX);
            assertThat(y).as("higher latency is drawn higher up").isLessThan(previousY);
            previousX = x;
            previousY = y;
        }
        assertThat(svg.getDocumentElement().getTextContent()).contains("latency & load", "1M lines, 128 <clients>");
    }

    @Test
    void ninesAreEvenlySpaced() {
        assertThat(LatencyChart.nines(0)).isZero();
        assertThat(LatencyChart.nines(90)).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(LatencyChart.nines(99.9)).isCloseTo(3, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(LatencyChart.nines(100)).isEqualTo(LatencyChart.MAX_NINES);
        assertThat(LatencyChart.x(2) - LatencyChart.x(1)).isCloseTo(LatencyChart.x(4) - LatencyChart.x(3),
                org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void anEmptyChartIsStillAWellFormedDocument() throws Exception {
        assertThat(parse(LatencyChart.svg("nothing yet", List.of())).getElementsByTagName("polyline").getLength())
                .isZero();
    }
}
