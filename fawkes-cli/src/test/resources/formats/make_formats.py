# Makes the format fixtures that the JDK cannot write: a lossless WebP and a CMYK JPEG of a
# synthetic 64x48 gradient (r = 4x, g = 5y, b = 2(x + y)). Run once with Pillow; the outputs are committed.
from PIL import Image

img = Image.new("RGB", (64, 48))
img.putdata([(4 * x, 5 * y, 2 * (x + y)) for y in range(48) for x in range(64)])
img.save("gradient-lossless.webp", lossless=True)
img.convert("CMYK").save("gradient-cmyk.jpg", quality=95)

# runaway-reader.webp is not made here: it is gradient-lossless.webp as PhotoFuzzTest mutated it
# (seed 2026, mutation 2453), kept as the regression test of a reader that looped for ever.
