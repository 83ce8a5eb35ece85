using System.Text.Json;
using Codex.Data;
using FluentValidation;

namespace Codex.Workers.Pipeline;

/// <summary>
/// The one table from failures to the contract's error envelope: every exception and every empty error status
/// of every worker passes through here.
/// </summary>
public static class ErrorMapping
{
    /// <summary>The envelope for an exception; <paramref name="development"/> adds the exception text.</summary>
    public static (int Status, ErrorBody Body) FromException(Exception exception, bool development)
    {
        switch (exception)
        {
            case ApiException api:
                return (api.Status, new ErrorBody(api.Code, api.Message, api.Details));
            case ValidationException validation:
                return (400, new ErrorBody(ErrorCodes.ValidationError, "Some values are not valid.",
                    new ValidationDetails(validation.Errors
                        .GroupBy(e => QueryReader.FieldName(e.PropertyName))
                        .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray()))));
            case BadHttpRequestException bad:
                return FromBadRequest(bad);
            case InvalidDataException form:
                return FromUnreadableForm(form);
            case OperationCanceledException:
                // The client went away; nobody reads this answer, but it is not our fault either.
                return (499, new ErrorBody(ErrorCodes.ServiceUnavailable, "The request was cancelled."));
        }
        if (IsDatabaseUnavailable(exception))
            return (503, new ErrorBody(ErrorCodes.ServiceUnavailable, "The service is temporarily unavailable. Please try again shortly."));
        return (500, new ErrorBody(ErrorCodes.InternalError, "Something went wrong on our side.",
            development ? new { exception = exception.ToString() } : null));
    }

    /// <summary>
    /// The envelope for an error status that no handler wrote a body for (unknown route, 405, a range past the end of a
    /// file with its <paramref name="contentRange"/> <c>bytes */length</c>, ...).
    /// </summary>
    public static ErrorBody FromStatus(int status, string? contentRange = null) => status switch
    {
        400 => new(ErrorCodes.ValidationError, "The request is not valid."),
        401 => new(ErrorCodes.Unauthorized, "You need to sign in to do this."),
        403 => new(ErrorCodes.Forbidden, "You are not allowed to do this."),
        404 => new(ErrorCodes.NotFound, "There is nothing at this address."),
        405 => new(ErrorCodes.MethodNotAllowed, "This address does not accept that method."),
        413 => new(ErrorCodes.PayloadTooLarge, "The request body is too large."),
        415 => new(ErrorCodes.InvalidJson, "The request body must be JSON."),
        // The contract has no code of its own for this; the Range header is a request value that is not valid.
        416 => new(ErrorCodes.ValidationError, contentRange?.Split("*/") is [_, var length]
                ? $"The requested range is not satisfiable: the file has {length} bytes."
                : "The requested range is not satisfiable.",
            new ValidationDetails(new Dictionary<string, string[]> { ["range"] = ["Starts past the end of the file."] })),
        429 => new(ErrorCodes.RateLimited, "Too many requests. Please slow down."),
        503 => new(ErrorCodes.ServiceUnavailable, "The service is temporarily unavailable."),
        >= 500 => new(ErrorCodes.InternalError, "Something went wrong on our side."),
        _ => new(ErrorCodes.ValidationError, "The request could not be processed."),
    };

    private static (int, ErrorBody) FromBadRequest(BadHttpRequestException bad)
    {
        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
            return (413, FromStatus(413));
        if (bad.InnerException is InvalidDataException form)
            return FromUnreadableForm(form);
        if (bad.StatusCode == StatusCodes.Status415UnsupportedMediaType)
            return (400, new ErrorBody(ErrorCodes.InvalidJson, "The request body must be JSON (Content-Type: application/json)."));
        if (bad.InnerException is JsonException json)
        {
            // Syntax errors come wrapped around the reader's own JsonException; a well-formed body of the wrong
            // shape (a string where a number goes) is a field error.
            if (json.InnerException is JsonException || json.Path is null or "$")
                return (400, new ErrorBody(ErrorCodes.InvalidJson, "The request body is not valid JSON."));
            var field = json.Path.TrimStart('$', '.');
            var problem = json.Message.StartsWith(ContractJson.NulCharacterMessage, StringComparison.Ordinal)
                ? ContractJson.NulCharacterMessage
                : "Has the wrong type.";
            return (400, new ErrorBody(ErrorCodes.ValidationError, "Some values are not valid.",
                new ValidationDetails(new Dictionary<string, string[]> { [field] = [problem] })));
        }
        if (bad.Message.Contains("body", StringComparison.OrdinalIgnoreCase))
            return (400, new ErrorBody(ErrorCodes.InvalidJson, "A JSON request body is required."));
        return (400, new ErrorBody(ErrorCodes.ValidationError, "The request is not valid.",
            new ValidationDetails(new Dictionary<string, string[]> { ["_"] = [bad.Message] })));
    }

    /// <summary>
    /// A form (url-encoded or multipart) that could not be read: over one of ASP.NET's form limits (a value over
    /// <c>FormOptions.ValueLengthLimit</c>, 4 MiB; too many fields; a multipart body or its headers too long) is a 413,
    /// a malformed one (a missing boundary, a truncated part) a 400.
    /// </summary>
    private static (int, ErrorBody) FromUnreadableForm(InvalidDataException form) =>
        FormLimits.IsLimitExceeded(form)
            ? (413, new ErrorBody(ErrorCodes.PayloadTooLarge, "A field or the form is too large."))
            : (400, new ErrorBody(ErrorCodes.ValidationError, "The form could not be read.",
                new ValidationDetails(new Dictionary<string, string[]> { ["_"] = ["The form is malformed."] })));

    /// <summary>Whether the failure is the database being unreachable (a 503), rather than a bug (a 500).</summary>
    public static bool IsDatabaseUnavailable(Exception exception) => CodexDatabase.IsUnavailable(exception);
}
