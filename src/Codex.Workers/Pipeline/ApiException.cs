
namespace Codex.Workers.Pipeline;

/// <summary>A failure a handler reports on purpose; the pipeline writes it as the contract's envelope.</summary>
public sealed class ApiException(int status, string code, string message, object? details = null) : Exception(message)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
    public object? Details { get; } = details;

    public static ApiException NotFound(string what = "The resource") =>
        new(StatusCodes.Status404NotFound, ErrorCodes.NotFound, $"{what} was not found.");

    public static ApiException Unauthorized() =>
        new(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, "You need to sign in to do this.");

    public static ApiException Forbidden() =>
        new(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, "You are not allowed to do this.");

    public static ApiException Validation(IReadOnlyDictionary<string, string[]> fieldErrors) =>
        new(StatusCodes.Status400BadRequest, ErrorCodes.ValidationError, "Some values are not valid.", new ValidationDetails(fieldErrors));

    public static ApiException Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>A route value that names a row (<c>:id</c>) as a UUID, or a 400 with <c>fieldErrors.{field}</c>.</summary>
    public static Guid ParseId(string value, string field = "id") =>
        Guid.TryParseExact(value, "D", out var id) ? id : throw Validation(field, "Expected a UUID.");
}
