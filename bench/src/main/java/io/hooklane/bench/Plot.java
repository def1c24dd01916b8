package io.hooklane.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * PNG of a time series CSV written by the load generator ({@link Sampler}): stacked panels sharing the time axis,
 * one line per column. --warmup-end draws a dashed vertical line, --outage shades an interval (seconds since the
 * start of the load, as the CSV's t_s).
 *
 * <pre>
 * java -Djava.awt.headless=true -cp ... io.hooklane.bench.Plot [--warmup-end S] [--outage FROM:TO] CSV OUT.png "TITLE"
 *     "PANEL" ["PANEL" ...]
 *   PANEL = [log:]axis label=column,column,...   (log: logarithmic axis; columns missing from the CSV are skipped)
 * </pre>
 * Empty cells are gaps. Exit status 1 when the CSV has no rows.
 */
public final class Plot {

    /** One colour per line over all panels (the legend is shared). */
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
            new Color(0x17becf), new Color(0xbcbd22), new Color(0x393b79), new Color(0xad494a), new Color(0x637939),
            new Color(0xe7ba52), new Color(0x7b4173), new Color(0x3182bd), new Color(0x31a354), new Color(0x000000)};

    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        if (args.length < 4) {
            System.err.println("usage: Plot [--warmup-end S] [--outage FROM:TO] CSV OUT.png TITLE PANEL..."
                    + "   PANEL = [log:]label=col,col");
            System.exit(64);
        }
        double warmupEnd = Double.NaN;
        double[] outage = null;
        while (args[0].startsWith("--")) {
            if (args[0].equals("--warmup-end")) {
                warmupEnd = Double.parseDouble(args[1]);
            } else if (args[0].equals("--outage")) {
                String[] f = args[1].split(":");
                outage = new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1])};
            } else {
                throw new IllegalArgumentException("unknown option " + args[0]);
            }
            args = java.util.Arrays.copyOfRange(args, 2, args.length);
        }
        List<String> lines = Files.readAllLines(Path.of(args[0]));
        if (lines.size() < 2) {
            System.err.println("plot: no rows in " + args[0]);
            System.exit(1);
        }
        List<String> header = List.of(lines.get(0).split(",", -1));
        List<String[]> rows = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            rows.add(l.split(",", -1));
        }
        int t = header.indexOf("t_s");
        int color = 0;

        NumberAxis time = new NumberAxis("seconds since the start of the load");
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(time);
        combined.setGap(8);
        for (int a = 3; a < args.length; a++) {
            String spec = args[a];
            boolean log = spec.startsWith("log:");
            if (log) {
                spec = spec.substring(4);
            }
            int eq = spec.lastIndexOf('=');
            String label = spec.substring(0, eq);
            XYSeriesCollection data = new XYSeriesCollection();
            for (String column : spec.substring(eq + 1).split(",")) {
                int c = header.indexOf(column);
                if (c < 0) {
                    continue;
                }
                XYSeries s = new XYSeries(column, false, true);
                for (String[] r : rows) {
                    if (c < r.length && !r[c].isEmpty()) {
                        double v = Double.parseDouble(r[c]);
                        if (!log || v > 0) {
                            s.add(Double.parseDouble(r[t]), v);
                        }
                    }
                }
                data.addSeries(s);
            }
            if (data.getSeriesCount() == 0) {
                continue;
            }
            ValueAxis axis;
            if (log) {
                LogarithmicAxis l = new LogarithmicAxis(label);
                l.setStrictValuesFlag(false);
                l.setAllowNegativesFlag(false);
                axis = l;
            } else {
                NumberAxis n = new NumberAxis(label);
                n.setAutoRangeIncludesZero(true);
                axis = n;
            }
            XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
            for (int i = 0; i < data.getSeriesCount(); i++) {
                renderer.setSeriesPaint(i, COLORS[color++ % COLORS.length]);
                renderer.setSeriesStroke(i, new BasicStroke(1.6f));
            }
            XYPlot plot = new XYPlot(data, null, axis, renderer);
            plot.setBackgroundPaint(Color.WHITE);
            plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
            plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
            if (!Double.isNaN(warmupEnd)) {
                plot.addDomainMarker(new ValueMarker(warmupEnd, Color.GRAY, new BasicStroke(1f, BasicStroke.CAP_BUTT,
                        BasicStroke.JOIN_MITER, 1f, new float[] {4f, 4f}, 0f)));
            }
            if (outage != null) {
                plot.addDomainMarker(new IntervalMarker(outage[0], outage[1], new Color(255, 200, 200, 90)),
                        Layer.BACKGROUND);
            }
            combined.add(plot, 1);
        }
        if (combined.getSubplots().isEmpty()) {
            System.err.println("plot: none of the columns is in " + args[0]);
            System.exit(1);
        }
        JFreeChart chart = new JFreeChart(args[2], JFreeChart.DEFAULT_TITLE_FONT, combined, true);
        chart.setBackgroundPaint(Color.WHITE);
        int height = 220 + 230 * combined.getSubplots().size();
        Path out = Path.of(args[1]);
        ChartUtils.saveChartAsPNG(out.toFile(), chart, 1100, height);
        System.out.println("plot: wrote " + out);
    }
}
