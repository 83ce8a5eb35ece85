namespace Codex.Contracts;

/// <summary>Every error code a worker may answer with (CONTRACT.md, "Conventions").</summary>
public static class ErrorCodes
{
    public const string ValidationError = "VALIDATION_ERROR";
    public const string InvalidJson = "INVALID_JSON";
    public const string InvalidToken = "INVALID_TOKEN";
    public const string Unauthorized = "UNAUTHORIZED";
    public const string InvalidCredentials = "INVALID_CREDENTIALS";
    public const string Forbidden = "FORBIDDEN";
    public const string AccessDenied = "ACCESS_DENIED";
    public const string EmailNotVerified = "EMAIL_NOT_VERIFIED";
    public const string NotFound = "NOT_FOUND";
    public const string Conflict = "CONFLICT";
    public const string AlreadyPurchased = "ALREADY_PURCHASED";
    public const string SlugTaken = "SLUG_TAKEN";
    public const string EmailTaken = "EMAIL_TAKEN";
    public const string PayloadTooLarge = "PAYLOAD_TOO_LARGE";
    public const string ContentNotPurchasable = "CONTENT_NOT_PURCHASABLE";
    public const string MediaNotReady = "MEDIA_NOT_READY";
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";
    public const string RateLimited = "RATE_LIMITED";
    public const string InternalError = "INTERNAL_ERROR";
    public const string ServiceUnavailable = "SERVICE_UNAVAILABLE";
}
