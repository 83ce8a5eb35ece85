using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Codex.Workers.Pipeline.Storage;

/// <summary>
/// Reads an uploaded picture (a logo, an avatar) from a <c>multipart/form-data</c> request: the bytes of the file part
/// <paramref name="field"/>, at most <paramref name="maxBytes"/> (more is a 413 <c>PAYLOAD_TOO_LARGE</c>, refused as soon
/// as the declared length or the bytes read say so), recognised by content with <see cref="PictureSniffer"/> (anything
/// else is a 400 on the field, with <paramref name="notAPicture"/>).
/// </summary>
public static class PictureUpload
{
    /// <summary>Room for the multipart framing around the file.</summary>
    private const long FormOverhead = 16 * 1024;

    public static async Task<(ReadOnlyMemory<byte> Bytes, Picture Picture)> ReadAsync(HttpRequest request, long maxBytes, string field,
        string notAPicture, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes + FormOverhead) throw TooLarge(maxBytes);
        var boundary = BoundaryOf(request.ContentType) ?? throw ApiException.Validation(field, "Send the picture as multipart/form-data.");
        var bytes = await ReadFileAsync(new MultipartReader(boundary, request.Body) { BodyLengthLimit = maxBytes + FormOverhead }, maxBytes, field, ct);
        var picture = PictureSniffer.Sniff(bytes.Span) ?? throw ApiException.Validation(field, notAPicture);
        return (bytes, picture);
    }

    /// <summary>The file part's bytes; other parts are skipped.</summary>
    private static async Task<ReadOnlyMemory<byte>> ReadFileAsync(MultipartReader reader, long maxBytes, string field, CancellationToken ct)
    {
        try
        {
            MultipartSection? section;
            while ((section = await reader.ReadNextSectionAsync(ct)) is not null)
            {
                var disposition = section.GetContentDispositionHeader();
                if (disposition is null || !disposition.IsFileDisposition() || HeaderUtilities.RemoveQuotes(disposition.Name).Value != field) continue;
                var buffer = new byte[maxBytes + 1];
                var length = await section.Body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct);
                if (length > maxBytes) throw TooLarge(maxBytes);
                if (length == 0) break;
                return buffer.AsMemory(0, length);
            }
        }
        catch (InvalidDataException e) when (e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            throw TooLarge(maxBytes);
        }
        catch (Exception e) when (e is InvalidDataException or IOException && !ct.IsCancellationRequested)
        {
            throw ApiException.Validation(field, "The upload was cut off or malformed; choose the picture again.");
        }
        throw ApiException.Validation(field, "Choose a picture to upload.");
    }

    private static ApiException TooLarge(long maxBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge, $"The picture is too large: the most we take is {maxBytes / (1024 * 1024)} MB.");

    private static string? BoundaryOf(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var parsed)
            || !parsed.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)) return null;
        var boundary = HeaderUtilities.RemoveQuotes(parsed.Boundary).Value;
        return string.IsNullOrWhiteSpace(boundary) || boundary.Length > 200 ? null : boundary;
    }
}
