package org.skiffmq.dist.assemble;

/**
 * One file of an assembled distribution.
 *
 * @param kind  {@code module}, {@code plugin}, {@code launcher} or {@code config}
 * @param name  the module name, plugin id, or file name
 * @param file  the path inside the distribution, with {@code /}
 * @param bytes its size
 */
public record Piece(String kind, String name, String file, long bytes) {
}
