/**
 * Measures of what a cloak changes, in plain Java: {@link dev.fawkes.quality.Visibility}, the entry
 * point, says how visible a change is on a face (worst-region DSSIM, CIE76 colour difference
 * percentiles, the share of pixels above one just-noticeable difference, the largest level change);
 * {@link dev.fawkes.quality.ImageQuality} gives SSIM, DSSIM and PSNR of whole images or regions, and
 * an amplified difference image. Stateless and thread-safe.
 */
package dev.fawkes.quality;
