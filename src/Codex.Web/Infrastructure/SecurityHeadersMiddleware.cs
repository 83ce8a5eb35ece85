namespace Codex.Web.Infrastructure;

/// <summary>
/// The Content-Security-Policy: <c>'self'</c> everywhere, no inline scripts (htmx runs with <c>allowEval: false</c>),
/// plus only the other origins the configuration brings: Stripe Checkout for <c>form-action</c> when Stripe keys are
/// set (the Buy form's 303 goes there), and the S3 endpoint for <c>media-src</c> and <c>img-src</c> when media is
/// presigned there.
/// </summary>
public sealed class ContentSecurityPolicy
{
    public const string StripeCheckoutOrigin = "https://checkout.stripe.com";

    public ContentSecurityPolicy(IConfiguration config)
    {
        var forms = config["Stripe:SecretKey"] is { Length: > 0 } ? " " + StripeCheckoutOrigin : "";
        var media = config["Storage:S3:ServiceUrl"] is { Length: > 0 } s3 && Uri.TryCreate(s3, UriKind.Absolute, out var endpoint)
            ? " " + endpoint.GetLeftPart(UriPartial.Authority)
            : "";
        Value = Build(media, forms);
        MailPreviewValue = Build(media, forms, inlineStyles: " 'unsafe-inline'", images: " https:");
    }

    public string Value { get; }

    /// <summary>
    /// The policy of the mail template editor (ADR 031), whose preview shows the admin's HTML in a sandboxed
    /// <c>iframe srcdoc</c>. Such a frame inherits this page's policy, and mail HTML is styled inline, so inline styles
    /// are allowed here, as are images over https (a logo in the mail). Scripts stay <c>'self'</c>, and the sandbox runs
    /// none in the frame.
    /// </summary>
    public string MailPreviewValue { get; }

    private static string Build(string media, string forms, string inlineStyles = "", string images = "") =>
        $"default-src 'self'; script-src 'self'; style-src 'self'{inlineStyles}; img-src 'self' data:{media}{images}; media-src 'self' blob:{media}; " +
        $"connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'{forms}; frame-ancestors 'none'";
}

/// <summary>
/// Security headers on every answer: the <see cref="ContentSecurityPolicy"/>, no framing, no MIME sniffing, and a
/// referrer that never leaks paths to other sites.
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next, ContentSecurityPolicy policy)
{
    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = policy.Value;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        return next(context);
    }
}
