"""Reference for `bench`: the default CPU network of Scribble2Label for Fiji written in plain
PyTorch, timed the same way, so that both programs are measured on the same machine in the
same run.

U-Net depth 4, base width 16 (16, 32, 64, 128, 256 channels), two 3x3 convolutions without
bias + BatchNorm + ReLU per level, 2x2 max-pooling, nearest 2x up-sampling and concatenation,
1x1 head to 2 classes; one grey input channel. Training: batch 8 of 128 x 128 crops from one
fixed random tensor (no data loading), weighted cross-entropy on a fixed sparse pixel mask,
RAdam. Prediction: one 256 x 256 image, softmax and argmax, median of 10 after 2 warm-ups.

Prints one line: threads=<n> crops_per_s=<x> predict_ms=<y> torch=<version>
"""
import argparse
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def double_conv(c_in, c_out):
    return nn.Sequential(
        nn.Conv2d(c_in, c_out, 3, padding=1, bias=False), nn.BatchNorm2d(c_out), nn.ReLU(inplace=True),
        nn.Conv2d(c_out, c_out, 3, padding=1, bias=False), nn.BatchNorm2d(c_out), nn.ReLU(inplace=True))


class UNet(nn.Module):
    def __init__(self, in_channels=1, classes=2, width=16, depth=4):
        super().__init__()
        widths = [width << level for level in range(depth + 1)]
        self.encoders = nn.ModuleList()
        c = in_channels
        for w in widths:
            self.encoders.append(double_conv(c, w))
            c = w
        self.decoders = nn.ModuleList(
            double_conv(widths[level + 1] + widths[level], widths[level]) for level in reversed(range(depth)))
        self.head = nn.Conv2d(widths[0], classes, 1)

    def forward(self, x):
        skips = []
        for encoder in self.encoders[:-1]:
            x = encoder(x)
            skips.append(x)
            x = F.max_pool2d(x, 2)
        x = self.encoders[-1](x)
        for decoder in self.decoders:
            x = F.interpolate(x, scale_factor=2, mode="nearest")
            x = decoder(torch.cat([skips.pop(), x], 1))
        return self.head(x)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--warm", type=int, default=3)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    batch, crop = 8, 128
    model = UNet()
    optimiser = torch.optim.RAdam(model.parameters(), lr=1e-3)
    x = torch.rand(batch, 1, crop, crop)
    target = (x > 0.5).long().squeeze(1)
    weights = (torch.rand(batch, crop, crop) < 0.02).float()
    weights /= weights.sum()
    model.train()
    for step in range(args.warm + args.steps):
        if step == args.warm:
            start = time.perf_counter()
        optimiser.zero_grad(set_to_none=True)
        loss = (F.cross_entropy(model(x), target, reduction="none") * weights).sum()
        loss.backward()
        optimiser.step()
        loss.item()
    crops_per_s = args.steps * batch / (time.perf_counter() - start)

    model.eval()
    image = torch.rand(1, 1, 256, 256)
    times = []
    with torch.no_grad():
        for _ in range(12):
            t0 = time.perf_counter()
            labels = torch.softmax(model(image), 1).argmax(1)
            labels.numpy()
            times.append((time.perf_counter() - t0) * 1000)
    print("threads=%d crops_per_s=%.2f predict_ms=%.1f torch=%s"
          % (args.threads, crops_per_s, statistics.median(times[2:]), torch.__version__))


if __name__ == "__main__":
    main()
