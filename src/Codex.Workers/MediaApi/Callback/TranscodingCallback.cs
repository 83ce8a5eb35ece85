using System.Text.Json;
using Codex.Contracts.Media;
using Codex.Workers.Pipeline;
using Codex.Workers.Pipeline.Storage;

namespace Codex.Workers.MediaApi.Callback;

/// <summary>
/// <c>POST /api/transcoding/callback</c>: a transcoder's result, signed (<see cref="CallbackSigner"/>). The signature is
/// checked on the raw bytes before anything is parsed; a missing, wrong or stale one is 401 and changes nothing.
/// </summary>
public static class TranscodingCallback
{
    /// <summary>A result is a few hundred bytes; anything much larger is not one.</summary>
    private const int MaxBodyBytes = 64 * 1024;

    public static async Task<IResult> HandleAsync(HttpRequest request, CallbackSigner signer, TranscodingOutcomes outcomes, TimeProvider clock,
        CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
                throw new ApiException(StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge, "A transcoding result is at most 64 KiB.");
            buffer.Write(chunk, 0, read);
        }
        var body = buffer.ToArray();
        if (!signer.Verify(request.Headers[TranscodingSignature.Header].ToString(), body, clock.GetUtcNow()))
            throw new ApiException(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized,
                $"The {TranscodingSignature.Header} header is missing, wrong or older than {TranscodingSignature.ToleranceSeconds} seconds.");

        TranscodingCallbackRequest report;
        try
        {
            report = JsonSerializer.Deserialize<TranscodingCallbackRequest>(body, ContractJson.Options)
                ?? throw new JsonException("The body is null.");
        }
        catch (JsonException)
        {
            throw new ApiException(StatusCodes.Status400BadRequest, ErrorCodes.InvalidJson, "The body is not a transcoding result in JSON.");
        }
        Check(report);
        var changed = await outcomes.ApplyAsync(report, ct);
        return Results.Json(new DataEnvelope<object>(new { mediaId = report.MediaId, status = report.Status, changed }), ContractJson.Options);
    }

    private static void Check(TranscodingCallbackRequest report)
    {
        var errors = new Dictionary<string, string[]>();
        if (report.MediaId == Guid.Empty) errors["mediaId"] = ["Expected a UUID."];
        if (report.Status is not (TranscodingOutcome.Ready or TranscodingOutcome.Failed)) errors["status"] = ["Expected ready or failed."];
        if (report.DurationSeconds is < 0 or > 1_000_000 || report.DurationSeconds is double.NaN) errors["durationSeconds"] = ["Expected a number of seconds."];
        if (report.Width is < 1 or > 100_000) errors["width"] = ["Expected a positive number of pixels."];
        if (report.Height is < 1 or > 100_000) errors["height"] = ["Expected a positive number of pixels."];
        foreach (var (field, key) in new[] { ("thumbnailKey", report.ThumbnailKey), ("outputKey", report.OutputKey) })
        {
            if (key is null) continue;
            try { MediaKeys.Check(key); }
            catch (ArgumentException) { errors[field] = ["Expected a key in the media store."]; }
        }
        if (report.Error is { Length: > 2000 }) errors["error"] = ["At most 2000 characters."];
        if (errors.Count > 0) throw ApiException.Validation(errors);
    }
}
