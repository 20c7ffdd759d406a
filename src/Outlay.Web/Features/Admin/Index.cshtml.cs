using Outlay.Web.Features.Shared;

namespace Outlay.Web.Features.Admin;

public sealed class IndexModel : OutlayPage
{
    public void OnGet()
    {
    }
}
