using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Codex.Workers.MediaApi.Transcoding;

/// <summary>What ffprobe says about a file.</summary>
public sealed record MediaProbe(double? DurationSeconds, int? Width, int? Height, string FormatName, string? MajorBrand,
    string? VideoCodec, string? PixelFormat, string? AudioCodec)
{
    public bool HasVideo => VideoCodec is not null;
    public bool HasAudio => AudioCodec is not null;
    /// <summary>An MP4-family container that is not QuickTime (<c>qt  </c>), which browsers do not promise to play.</summary>
    public bool IsMp4 => FormatName.Split(',').Contains("mp4") && MajorBrand?.Trim() is not "qt";
}

/// <summary>Files one run made in its work folder, and what they hold.</summary>
public sealed record TranscodeOutput(MediaProbe Probe, string ThumbnailPath, string ThumbnailMimeType, string? RenditionPath, string? RenditionMimeType);

/// <summary>ffmpeg or ffprobe is not on this machine: no run can succeed until it is installed.</summary>
public sealed class FfmpegMissingException(string message) : Exception(message);

/// <summary>ffmpeg or ffprobe refused the file, or failed on it; the message says how, for the creator.</summary>
public sealed class TranscodeFailedException(string message) : Exception(message);

/// <summary>
/// The embedded transcoder: Debian's <c>ffprobe</c> and <c>ffmpeg</c>, run as plain processes with an argument list
/// (no shell), killed with their children when the run is cancelled or times out (docs/decisions/018).
/// </summary>
public sealed class Ffmpeg(TranscodingOptions options, ILogger<Ffmpeg> logger)
{
    /// <summary>A sentence for the creator when ffmpeg or ffprobe cannot be found, else null.</summary>
    public string? MissingToolMessage()
    {
        foreach (var (name, exe) in new[] { ("ffmpeg", options.FfmpegPath), ("ffprobe", options.FfprobeExecutable) })
            if (Resolve(exe) is null)
                return $"{name} is not installed on this machine (looked for \"{exe}\"), so the file cannot be transcoded. "
                    + "Install Debian's ffmpeg package, or point Media__FfmpegPath at it, then retry.";
        return null;
    }

    /// <summary>Probes <paramref name="source"/>, makes a thumbnail and, when needed, a web-playable rendition in <paramref name="workDir"/>.</summary>
    public async Task<TranscodeOutput> TranscodeAsync(string source, string workDir, Action<int> progress, CancellationToken ct)
    {
        if (MissingToolMessage() is { } missing) throw new FfmpegMissingException(missing);
        var probe = await ProbeAsync(source, ct);
        progress(5);
        var (thumbnail, thumbnailType) = await ThumbnailAsync(source, probe, workDir, ct);
        progress(10);
        if (IsWebPlayable(probe, source))
        {
            progress(100);
            return new TranscodeOutput(probe, thumbnail, thumbnailType, null, null);
        }
        var (rendition, renditionType) = await RenditionAsync(source, probe, workDir, p => progress(10 + p * 85 / 100), ct);
        var renditionProbe = await ProbeAsync(rendition, ct);
        progress(100);
        return new TranscodeOutput(renditionProbe with { DurationSeconds = renditionProbe.DurationSeconds ?? probe.DurationSeconds },
            thumbnail, thumbnailType, rendition, renditionType);
    }

    public async Task<MediaProbe> ProbeAsync(string path, CancellationToken ct)
    {
        var run = await RunAsync(options.FfprobeExecutable,
            ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", path], null, captureStdout: true, ct);
        if (run.ExitCode != 0)
            throw new TranscodeFailedException("The file could not be read as audio or video" + Reason(run.ErrorTail) + ".");
        try
        {
            using var json = JsonDocument.Parse(run.Stdout);
            var root = json.RootElement;
            var format = root.GetProperty("format");
            string? videoCodec = null, pixelFormat = null, audioCodec = null;
            int? width = null, height = null;
            if (root.TryGetProperty("streams", out var streams))
                foreach (var stream in streams.EnumerateArray())
                {
                    var type = Text(stream, "codec_type");
                    var attachedPicture = stream.TryGetProperty("disposition", out var d) && d.TryGetProperty("attached_pic", out var a)
                        && a.ValueKind == JsonValueKind.Number && a.GetInt32() == 1;
                    if (type == "video" && !attachedPicture && videoCodec is null)
                    {
                        videoCodec = Text(stream, "codec_name");
                        pixelFormat = Text(stream, "pix_fmt");
                        width = stream.TryGetProperty("width", out var w) ? w.GetInt32() : null;
                        height = stream.TryGetProperty("height", out var h) ? h.GetInt32() : null;
                    }
                    else if (type == "audio" && audioCodec is null)
                    {
                        audioCodec = Text(stream, "codec_name");
                    }
                }
            var brand = format.TryGetProperty("tags", out var tags) ? Text(tags, "major_brand") : null;
            double? duration = double.TryParse(Text(format, "duration"), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0 ? s : null;
            if (videoCodec is null && audioCodec is null)
                throw new TranscodeFailedException("The file holds neither a video nor an audio stream.");
            return new MediaProbe(duration, width, height, Text(format, "format_name") ?? "", brand, videoCodec, pixelFormat, audioCodec);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new TranscodeFailedException("ffprobe's description of the file could not be read: " + e.Message);
        }
    }

    /// <summary>
    /// Whether browsers play the file as it is: H.264 (8-bit 4:2:0) with AAC or no sound in an MP4 whose index comes
    /// first (faststart), or MP3, or AAC in M4A.
    /// </summary>
    public static bool IsWebPlayable(MediaProbe probe, string path)
    {
        if (probe.HasVideo)
            return probe.IsMp4 && probe.VideoCodec == "h264" && probe.PixelFormat is "yuv420p" or "yuvj420p"
                && probe.AudioCodec is null or "aac" && IndexComesFirst(path);
        return (probe.FormatName == "mp3" && probe.AudioCodec == "mp3") || (probe.IsMp4 && probe.AudioCodec == "aac");
    }

    /// <summary>Whether the MP4's <c>moov</c> box comes before its <c>mdat</c> (what <c>-movflags +faststart</c> does).</summary>
    public static bool IndexComesFirst(string path)
    {
        using var file = File.OpenRead(path);
        Span<byte> header = stackalloc byte[16];
        long position = 0;
        while (position + 8 <= file.Length)
        {
            file.Position = position;
            if (file.Read(header[..8]) < 8) return false;
            long size = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header);
            var type = System.Text.Encoding.ASCII.GetString(header[4..8]);
            if (type == "moov") return true;
            if (type == "mdat") return false;
            if (size == 1)
            {
                if (file.Read(header[8..16]) < 8) return false;
                size = (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(header[8..16]);
            }
            if (size < 8) return false; // 0 (to the end) or broken
            position += size;
        }
        return false;
    }

    private async Task<(string Path, string MimeType)> ThumbnailAsync(string source, MediaProbe probe, string workDir, CancellationToken ct)
    {
        if (!probe.HasVideo)
        {
            var wave = Path.Combine(workDir, "thumbnail.png");
            var run = await RunAsync(options.FfmpegPath,
            [
                "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", source,
                "-filter_complex", "aformat=channel_layouts=mono,showwavespic=s=640x160:colors=0x4f46e5", "-frames:v", "1", wave,
            ], null, captureStdout: false, ct);
            return Made(wave, run) ? (wave, "image/png") : throw new TranscodeFailedException("No waveform picture could be made" + Reason(run.ErrorTail) + ".");
        }

        var frame = Path.Combine(workDir, "thumbnail.jpg");
        // A frame a little into the video (the first is often black); the very first when that one cannot be read.
        var at = Math.Min(1.0, (probe.DurationSeconds ?? 0) / 2);
        ProcessRun? last = null;
        foreach (var seconds in at > 0 ? new[] { at, 0 } : [0])
        {
            last = await RunAsync(options.FfmpegPath,
            [
                "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-ss", seconds.ToString("0.###", CultureInfo.InvariantCulture),
                "-i", source, "-frames:v", "1", "-vf", "scale='min(640,iw)':-2", "-q:v", "4", "-update", "1", frame,
            ], null, captureStdout: false, ct);
            if (Made(frame, last)) return (frame, "image/jpeg");
        }
        throw new TranscodeFailedException("No frame could be taken from the video" + Reason(last?.ErrorTail) + ".");
    }

    private async Task<(string Path, string MimeType)> RenditionAsync(string source, MediaProbe probe, string workDir, Action<int> progress,
        CancellationToken ct)
    {
        List<string> args = ["-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", source];
        string output, mimeType;
        if (probe.HasVideo)
        {
            output = Path.Combine(workDir, "web.mp4");
            mimeType = "video/mp4";
            args.AddRange(["-map", "0:v:0", "-map", "0:a:0?", "-sn", "-dn"]);
            if (probe.VideoCodec == "h264" && probe.PixelFormat is "yuv420p" or "yuvj420p" && probe.AudioCodec is null or "aac")
                args.AddRange(["-c", "copy"]); // playable streams in the wrong box, or with the index at the end: only move them
            else
                args.AddRange(["-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p",
                    "-vf", "scale=trunc(iw/2)*2:trunc(ih/2)*2", "-c:a", "aac", "-b:a", "128k"]);
        }
        else
        {
            output = Path.Combine(workDir, "web.m4a");
            mimeType = "audio/mp4";
            args.AddRange(["-map", "0:a:0", "-vn", "-c:a", "aac", "-b:a", "128k"]);
        }
        args.AddRange(["-movflags", "+faststart", "-f", "mp4", "-progress", "pipe:1", "-nostats", output]);

        var totalMicroseconds = (probe.DurationSeconds ?? 0) * 1_000_000;
        var run = await RunAsync(options.FfmpegPath, args, line =>
        {
            // -progress writes key=value lines; out_time_us is how far the output has got.
            if (totalMicroseconds > 0 && line.StartsWith("out_time_us=", StringComparison.Ordinal)
                && long.TryParse(line.AsSpan(12), NumberStyles.Integer, CultureInfo.InvariantCulture, out var done) && done > 0)
                progress((int)Math.Clamp(done * 100 / totalMicroseconds, 0, 100));
        }, captureStdout: false, ct);
        return Made(output, run) ? (output, mimeType) : throw new TranscodeFailedException("ffmpeg could not convert the file" + Reason(run.ErrorTail) + ".");
    }

    private static bool Made(string path, ProcessRun run) => run.ExitCode == 0 && File.Exists(path) && new FileInfo(path).Length > 0;

    private static string Reason(string? errorTail) => string.IsNullOrWhiteSpace(errorTail) ? "" : ": " + errorTail.Trim();

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The full path of <paramref name="executable"/> (as given, or found on PATH), or null.</summary>
    public static string? Resolve(string executable)
    {
        if (executable.Contains('/')) return File.Exists(executable) ? executable : null;
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, executable);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    private sealed record ProcessRun(int ExitCode, string Stdout, string ErrorTail);

    /// <summary>Runs a tool to its end; a cancelled token kills it and its children.</summary>
    private async Task<ProcessRun> RunAsync(string executable, IEnumerable<string> arguments, Action<string>? onLine, bool captureStdout,
        CancellationToken ct)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = false, UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = new Process { StartInfo = start };
        var stdout = new System.Text.StringBuilder();
        var errors = new Queue<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            if (captureStdout) lock (stdout) stdout.AppendLine(e.Data);
            onLine?.Invoke(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (string.IsNullOrWhiteSpace(e.Data)) return;
            lock (errors)
            {
                errors.Enqueue(e.Data.Trim());
                while (errors.Count > 5) errors.Dequeue();
            }
        };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new FfmpegMissingException($"{Path.GetFileName(executable)} could not be started (\"{executable}\": {e.Message}); "
                + "install Debian's ffmpeg package, or point Media__FfmpegPath at it, then retry.");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            try { process.Kill(entireProcessTree: true); }
            catch (InvalidOperationException) { } // already gone
            logger.LogWarning("Stopped {Tool} (pid {Pid}): the run was cancelled or took too long", Path.GetFileName(executable), process.Id);
            throw;
        }
        process.WaitForExit(); // flushes the redirected streams
        string tail;
        lock (errors) tail = string.Join(" / ", errors);
        if (tail.Length > 500) tail = tail[^500..];
        lock (stdout) return new ProcessRun(process.ExitCode, stdout.ToString(), tail);
    }
}
