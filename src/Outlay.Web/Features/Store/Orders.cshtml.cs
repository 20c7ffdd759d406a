namespace Outlay.Web.Features.Store;

/// <summary>The signed-in user's own orders.</summary>
public sealed class OrdersModel(StoreApi store) : OrderListModel(store);
